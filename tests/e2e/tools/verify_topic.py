#!/usr/bin/env python3
"""Checks a full sync's Kafka topic against an independent reading of the source table.

Uses no db2kafka code: the topic is read with confluent_kafka, DTS Avro is decoded with fastavro
and the published schema (the file the encoder tests use), the JSON formats with Python's json.

usage:
  verify_topic.py --bootstrap HOST:PORT --topic T --format F --table SCHEMA.TABLE
                  --expected ROWS.jsonl [--key-columns A,B]
                  [--partition-policy partition0|table|primary_key [--partition-key-columns A,B]]
                  [--allow-duplicates] [--accept-inserts] [--ignore-extra-columns]
                  [--database DB] [--timestamp-digits N] [--avro-schema FILE]
                  [--timeout SECONDS] [--examples N] [--report-json OUT]

--format       dts_avro | debezium_json | canal_json | shareplex_json
--table        the destination SCHEMA.TABLE (after renaming); a '.' inside a name is written
               `\\u002E`, as in dts_avro's objectName. A record
               belongs to it when: dts_avro objectName is DB.SCHEMA.TABLE or SCHEMA.TABLE (each
               part unescaped from `\\u002E`; with --database the DB part must match too);
               debezium_json payload.source.schema/table; canal_json database/table;
               shareplex_json meta.table == "SCHEMA.TABLE".
--expected     JSON lines as src/db2/tests/JdbcJsonDump.java prints them for the source query,
               with the destination column names as labels (use AS aliases for renamed columns).
--key-columns  the columns that identify a row (destination names). Without them rows are
               compared as a multiset of whole rows.
--partition-policy
               also check every row record's partition: partition0 → 0; table →
               Math.abs("SCHEMA.TABLE".hashCode() % partitions); primary_key → the same over the
               key columns' value texts joined by '|' (NULL empty; docs/PARTITIONING.md and the
               key-text table of docs/FORMATS.md), or 0 when there are no key columns.
               --partition-key-columns defaults to --key-columns; pass '' for a keyless table.
--timestamp-digits
               declared fraction digits of TIMESTAMP key columns for the primary_key text, where
               the record does not carry them (dts_avro: default 9, Derby's only precision;
               debezium_json: 3, 6 or 9 by Timestamp/MicroTimestamp/NanoTimestamp).
--accept-inserts
               debezium_json: accept op "c" as well as "r" (snapshot reads).
--ignore-extra-columns
               do not report columns the records have and the expected rows do not.

Reads every partition of the topic from its low to its high watermark as they are when the
check starts. Skips tombstones, DDL/schema-change records, heartbeats and other tables' records.
A record of the table that is not a snapshot row (dts_avro operation other than INSERT;
debezium op other than "r"; canal type other than INSERT; shareplex op other than "ins") is
counted as other_operations. Each row image is turned into JdbcJsonDump's rendering (DECIMAL as
the plain string, binary as lower-case hex, DATE "YYYY-MM-DD", TIME "HH:MM:SS", TIMESTAMP
"YYYY-MM-DDTHH:MM:SS.fffffffff", REAL as the float widened to double, BOOLEAN as a JSON boolean)
and compared with the expected rows (see tests/e2e/tools/README.md for every conversion).

Prints counts, then up to --examples (5) of each problem: missing rows, unexpected rows, rows
whose content differs (with each differing column), duplicates (a key seen more than once with
identical content), other operations, undecodable records and wrong partitions.

Exit 0 when every expected row is there exactly once with equal content (at least once with
--allow-duplicates; duplicates are still counted and printed) and nothing else is wrong;
1 when something is; 2 on a usage or input error (unreadable files, duplicate keys in the
expected rows, a Kafka error). --report-json writes {"expected", "received", "missing",
"unexpected", "different", "duplicates", "other_operations", "undecodable",
"partition_errors", "ok"}.
"""

import argparse
import collections
import json
import multiprocessing
import os
import sys
import time
import uuid

from verify_cells import (InputError, cell_matches, java_partition, java_string_hash, json_kind,
                          shown, untyped_key_value)
from verify_decoders import DECODERS, unescape_object_name

__all__ = ["java_partition", "java_string_hash", "main"]

# Records are read and decoded in batches; a topic of at least PARALLEL_MIN records (at start) is
# decoded by a pool of worker processes, one per core, while this process reads the next batches.
BATCH = 10000
PARALLEL_MIN = int(os.environ.get("VERIFY_TOPIC_PARALLEL_MIN", "50000"))


class TopicReader:
    """Every record of every partition of `topic`, from the low to the high watermark as they are
    when it is opened, in batches of [(partition, offset, value)]. Owned by one thread."""

    def __init__(self, bootstrap, topic, timeout):
        from confluent_kafka import Consumer, KafkaException, TopicPartition
        self.KafkaException = KafkaException
        self.bootstrap, self.topic, self.timeout = bootstrap, topic, timeout
        self.consumer = Consumer({"bootstrap.servers": bootstrap,
                                  "group.id": f"verify-topic-{uuid.uuid4()}",
                                  "enable.auto.commit": False, "enable.partition.eof": False,
                                  "auto.offset.reset": "earliest"})
        try:
            metadata = self.consumer.list_topics(topic, timeout=timeout)
            topic_metadata = metadata.topics.get(topic)
            if topic_metadata is None or topic_metadata.error is not None:
                error = topic_metadata.error if topic_metadata is not None else "not found"
                raise InputError(f"topic {topic} on {bootstrap}: {error}")
            partitions = sorted(topic_metadata.partitions)
            self.partitions, self.ends, self.total, assignment = len(partitions), {}, 0, []
            for p in partitions:
                low, high = self.consumer.get_watermark_offsets(TopicPartition(topic, p),
                                                                timeout=timeout)
                if high > low:
                    self.ends[p] = high
                    self.total += high - low
                    assignment.append(TopicPartition(topic, p, low))
            if assignment:
                self.consumer.assign(assignment)
        except KafkaException as error:
            self.close()
            raise InputError(f"topic {topic} on {bootstrap}: {error}") from error
        except InputError:
            self.close()
            raise

    def batches(self):
        ends, topic = self.ends, self.topic
        deadline = time.monotonic() + self.timeout
        try:
            while ends:
                if time.monotonic() > deadline:
                    raise InputError(f"topic {topic}: timed out after {self.timeout}s with "
                                     f"partitions {sorted(ends)} not read to their high watermarks")
                batch = []
                for message in self.consumer.consume(num_messages=BATCH, timeout=1.0):
                    if message.error():
                        raise InputError(f"topic {topic}: {message.error()}")
                    p = message.partition()
                    end = ends.get(p)
                    if end is None:
                        continue
                    offset = message.offset()
                    batch.append((p, offset, message.value()))
                    if offset + 1 >= end:
                        del ends[p]
                if batch:
                    yield batch
        except self.KafkaException as error:
            raise InputError(f"topic {topic} on {self.bootstrap}: {error}") from error

    def close(self):
        self.consumer.close()


_worker_decoder = None


def start_worker(args):
    global _worker_decoder
    _worker_decoder = DECODERS[args.format](args)


def decode_batch(batch, decoder=None):
    """[(partition, offset, value)] → (record count, per record: None (skipped),
    ("undecodable", text) or its RowRecords). Runs in a worker process unless `decoder` is
    given."""
    decoder = decoder or _worker_decoder
    out, interned = [], {}
    for partition, offset, value in batch:
        try:
            decoded = decoder.decode(partition, offset, value)
        except Exception as error:  # any decoding failure is a finding, not a crash
            out.append(("undecodable", f"partition {partition} offset {offset}: "
                                       f"{type(error).__name__}: {error}"))
            continue
        if decoded is None:
            out.append(None)
            continue
        for record in decoded if isinstance(decoded, list) else [decoded]:
            out.append(record.intern(interned))
    return len(batch), out


def decoded_batches(args, decoder, reader):
    """decode_batch's results for every batch of `reader`, in the topic's reading order."""
    workers = os.cpu_count() or 1
    if workers < 2 or reader.total < PARALLEL_MIN:
        for batch in reader.batches():
            yield decode_batch(batch, decoder)
        return
    # spawn: no fork of a process that runs librdkafka's threads
    with multiprocessing.get_context("spawn").Pool(workers, start_worker, (args,)) as pool:
        pending = collections.deque()
        for batch in reader.batches():
            pending.append(pool.apply_async(decode_batch, (batch,)))
            while pending and pending[0].ready():
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def load_expected(path):
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(f"{path}:{number}: not JSON: {error}") from error
                if not isinstance(row, dict):
                    raise InputError(f"{path}:{number}: not a JSON object")
                rows.append(row)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error}") from error
    return rows


def canonical(value):
    """A hashable, type-exact form of a JSON value (1, 1.0 and True stay apart; NaN equals NaN)."""
    return (type(value).__name__, value) if value == value else ("nan", 0)


# Kinds whose cell_matches is type-exact equality (with NaN unequal to itself, which only sends
# a row to the slow path): a row of these whose values and value types equal the expected row's
# has no differences. DECFLOAT is compared numerically and needs the slow path.
EQUALITY_KINDS = frozenset(["null", "int", "bool", "text", "binary", "decimal", "real", "double",
                            "decimal_double", "date", "time", "timestamp", "untyped"])


class Checker:
    """Compares the row records with the expected rows and checks their partitions; counts each
    kind of problem and keeps the first --examples messages of each. Used by one thread."""

    def __init__(self, args, expected_rows):
        self.args = args
        self.expected_rows = expected_rows
        self.key_columns = args.key_columns
        self.columns = list(expected_rows[0].keys()) if expected_rows else None
        self._column_kinds = None
        self.key_plans = {}  # names of a record's columns -> indexes of its key columns
        self.exact_kinds = {}  # kinds of a record's columns -> whether all are EQUALITY_KINDS
        self.problems = collections.defaultdict(list)
        self.counts = collections.Counter()

    @property
    def column_kinds(self):
        """The JSON kind of each expected column ("mixed" when rows disagree); for shareplex."""
        if self._column_kinds is None:
            self._column_kinds = {}
            for row in self.expected_rows:
                for name, value in row.items():
                    kind = json_kind(value)
                    if kind is not None and self._column_kinds.get(name) not in (kind, "mixed"):
                        self._column_kinds[name] = kind if name not in self._column_kinds else "mixed"
        return self._column_kinds

    def note(self, kind, text):
        self.counts[kind] += 1
        if len(self.problems[kind]) < self.args.examples:
            self.problems[kind].append(text)

    def expected_key(self, row, number):
        columns = self.key_columns or list(row.keys())
        missing = [c for c in columns if c not in row]
        if missing:
            raise InputError(f"{self.args.expected} row {number}: no column {', '.join(missing)}")
        return tuple(canonical(row[c]) for c in columns)

    def received_key(self, record):
        plan = self.key_plans.get(record.names)
        if plan is None:
            columns = self.key_columns or self.columns or list(record.names)
            plan = [(c, record.names.index(c)) for c in columns if c in record.names]
            self.key_plans[record.names] = plan = plan if len(plan) == len(columns) else False
        if plan is False:
            return None
        values, kinds = record.values, record.kinds
        return tuple(canonical(untyped_key_value(values[i], self.column_kinds.get(c))
                               if kinds[i] == "untyped" else values[i]) for c, i in plan)

    def same_row(self, expected, record):
        """A quick, exact "no differences": the same columns in the same order with equal values
        of the same types, all of kinds compared by equality. False sends a row to
        row_differences."""
        exact = self.exact_kinds.get(record.kinds)
        if exact is None:
            exact = self.exact_kinds[record.kinds] = EQUALITY_KINDS.issuperset(record.kinds)
        if not exact or tuple(expected) != record.names:
            return False
        values = tuple(expected.values())
        return (values == record.values
                and tuple(map(type, values)) == tuple(map(type, record.values)))

    def row_differences(self, expected, record):
        if self.same_row(expected, record):
            return []
        differences = []
        cells = record.cells
        for name, value in expected.items():
            cell = cells.get(name)
            if cell is None:
                differences.append(f"{name}: absent from the record, expected "
                                   f"{shown(value)}")
            elif not cell_matches(value, cell):
                differences.append(f"{name}: expected {shown(value)}, "
                                   f"record has {cell.shown()}")
        if not self.args.ignore_extra_columns:
            for name, cell in cells.items():
                if name not in expected:
                    differences.append(f"{name}: not among the expected columns, record has "
                                       f"{cell.shown()}")
        return differences

    @staticmethod
    def content(record):
        return json.dumps([[n, k, v] for n, k, v in zip(record.names, record.kinds, record.values)],
                          ensure_ascii=False, default=str)

    @staticmethod
    def describe(row):
        text = shown(row)
        return text if len(text) <= 300 else text[:300] + "…"

    def describe_record(self, record):
        return self.describe(dict(zip(record.names, record.values))) + f" at {record.where()}"

    def compare(self, records):
        expected_by_key = {}
        for number, row in enumerate(self.expected_rows, 1):
            key = self.expected_key(row, number)
            if key in expected_by_key and self.key_columns:
                raise InputError(f"{self.args.expected}: key {self.key_text(key)} appears in rows "
                                 f"{expected_by_key[key][0][0]} and {number}; --key-columns must "
                                 "identify a row")
            expected_by_key.setdefault(key, []).append((number, row))
        received_by_key = {}
        for record in records:
            key = self.received_key(record)
            received_by_key.setdefault(key, []).append(record)
        if not self.key_columns:
            self.pair_untyped_rows(expected_by_key, received_by_key)

        for key, expected in expected_by_key.items():
            received = received_by_key.get(key, [])
            if self.key_columns:
                if len(received) == 1 and self.same_row(expected[0][1], received[0]):
                    continue
                self.compare_keyed(key, expected[0][1], received)
            else:
                self.compare_whole_rows(expected, received)
        unexpected = [r for k, rs in received_by_key.items() if k not in expected_by_key for r in rs]
        missing_rows = None
        for record in unexpected:
            hint = ""
            if not self.key_columns:
                if missing_rows is None:
                    missing_rows = [row for k, rows in expected_by_key.items()
                                    if not received_by_key.get(k) for _, row in rows]
                if missing_rows:
                    nearest = min(missing_rows, key=lambda row: len(self.row_differences(row, record)))
                    hint = "; nearest missing row differs in " + "; ".join(
                        self.row_differences(nearest, record)[:3])
            self.note("unexpected", self.describe_record(record) + hint)

    def key_text(self, key):
        columns = self.key_columns or self.columns or []
        return ", ".join(f"{c}={shown(v[1])}" for c, v in zip(columns, key))

    def compare_keyed(self, key, expected, received):
        if not received:
            self.note("missing", f"{self.key_text(key)}: {self.describe(expected)}")
            return
        seen = {}
        for record in received:
            seen.setdefault(self.content(record), []).append(record)
        for same in seen.values():
            first = same[0]
            for extra in same[1:]:
                self.note("duplicates", f"{self.key_text(key)}: {extra.where()} repeats "
                                        f"{first.where()}")
            differences = self.row_differences(expected, first)
            if differences:
                self.note("different", f"{self.key_text(key)} at {first.where()}: "
                                       + "; ".join(differences[:5])
                                       + (f"; … {len(differences) - 5} more" if len(differences) > 5 else ""))

    def compare_whole_rows(self, expected, received):
        want, have = len(expected), len(received)
        for _ in range(have, want):
            self.note("missing", self.describe(expected[0][1]))
        for record in received[want:]:
            self.note("duplicates", f"{self.describe_record(record)} (expected {want} time(s))")
        if received:
            differences = self.row_differences(expected[0][1], received[0])
            if differences:  # same canonical key but e.g. extra columns
                for record in received:
                    self.note("different", f"{record.where()}: " + "; ".join(differences[:5]))

    def pair_untyped_rows(self, expected_by_key, received_by_key):
        """Without key columns, rows whose canonical form differs from the expected one (REAL
        widening, DECFLOAT text, shareplex texts) are matched by value instead of by hash."""
        for key in [k for k in received_by_key if k not in expected_by_key]:
            record = received_by_key[key][0]
            for expected_key, rows in expected_by_key.items():
                if not self.row_differences(rows[0][1], record):
                    received_by_key.setdefault(expected_key, []).extend(received_by_key.pop(key))
                    break

    def check_partitions(self, records, partitions):
        policy = self.args.partition_policy
        if policy is None:
            return
        columns = self.args.partition_key_columns
        table_text = f"{self.args.schema}.{self.args.table_name}"
        table_partition = java_partition(table_text, partitions)
        plans = {}  # names of a record's columns -> index of each key column (None: absent)
        for record in records:
            if policy == "partition0" or (policy == "primary_key" and not columns):
                key_text, want = None, 0
            elif policy == "table":
                key_text, want = table_text, table_partition
            else:
                plan = plans.get(record.names)
                if plan is None:
                    plan = plans[record.names] = [
                        record.names.index(c) if c in record.names else None for c in columns]
                texts = [None if i is None else record.key_texts[i] for i in plan]
                if None in texts:
                    c, i = next((c, i) for c, i, t in zip(columns, plan, texts) if t is None)
                    self.note("partition_errors",
                              f"{record.where()}: cannot build the primary_key text: "
                              f"column {c} is {'absent' if i is None else 'of a type whose key text this format does not carry'}")
                    continue
                key_text = "|".join(texts)
                want = java_partition(key_text, partitions)
            if record.partition != want:
                self.note("partition_errors",
                          f"{record.where()}: expected partition {want} of {partitions}"
                          + (f" (key text {json.dumps(key_text, ensure_ascii=False)}, hashCode "
                             f"{java_string_hash(key_text)})" if key_text is not None else ""))
def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--format", required=True, choices=sorted(DECODERS))
    parser.add_argument("--table", required=True, help="destination SCHEMA.TABLE")
    parser.add_argument("--database", help="dts_avro objectName / debezium source.db must match")
    parser.add_argument("--expected", required=True)
    parser.add_argument("--key-columns", default="")
    parser.add_argument("--partition-policy", choices=["partition0", "table", "primary_key"])
    parser.add_argument("--partition-key-columns")
    parser.add_argument("--allow-duplicates", action="store_true")
    parser.add_argument("--accept-inserts", action="store_true")
    parser.add_argument("--ignore-extra-columns", action="store_true")
    parser.add_argument("--timestamp-digits", type=int)
    parser.add_argument("--avro-schema", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "reference",
        "dts-record.avsc"))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--report-json")
    args = parser.parse_args(argv)
    parts = unescape_object_name(args.table)
    if len(parts) != 2 or not all(parts):
        parser.error("--table must be SCHEMA.TABLE (write a '.' inside a name as \\u002E)")
    args.schema, args.table_name = parts
    args.key_columns = [c for c in args.key_columns.split(",") if c]
    if args.partition_key_columns is None:
        args.partition_key_columns = list(args.key_columns)
    else:
        args.partition_key_columns = [c for c in args.partition_key_columns.split(",") if c]
    return args


def run(args):
    expected_rows = load_expected(args.expected)
    decoder = DECODERS[args.format](args)
    reader = TopicReader(args.bootstrap, args.topic, args.timeout)
    checker = Checker(args, expected_rows)
    partitions, rows, skipped, read = reader.partitions, [], 0, 0
    try:
        for count, decoded in decoded_batches(args, decoder, reader):
            read += count
            for item in decoded:
                if item is None:
                    skipped += 1
                elif type(item) is tuple:
                    checker.note("undecodable", item[1])
                elif item.snapshot:
                    rows.append(item)
                else:
                    checker.note("other_operations", f"{item.where()}: {item.operation}")
    finally:
        reader.close()
    checker.compare(rows)
    checker.check_partitions(rows, partitions)

    counts = checker.counts
    report = {"expected": len(expected_rows), "received": len(rows),
              "missing": counts["missing"], "unexpected": counts["unexpected"],
              "different": counts["different"], "duplicates": counts["duplicates"],
              "other_operations": counts["other_operations"], "undecodable": counts["undecodable"],
              "partition_errors": counts["partition_errors"]}
    failing = ["missing", "unexpected", "different", "other_operations", "undecodable",
               "partition_errors"]
    if not args.allow_duplicates:
        failing.append("duplicates")
    ok = all(report[k] == 0 for k in failing)
    report["ok"] = ok

    print(f"verify_topic: {args.format} topic {args.topic} ({partitions} partitions, {read} "
          f"records, {skipped} skipped: other tables, DDL, tombstones, heartbeats) table "
          f"{args.table}: expected {report['expected']} rows, received {report['received']}; "
          + ", ".join(f"{k} {report[k]}" for k in list(report)[2:-1]))
    for kind in ["missing", "unexpected", "different", "duplicates", "other_operations",
                 "undecodable", "partition_errors"]:
        if counts[kind]:
            examples = checker.problems[kind]
            print(f"{kind}: {counts[kind]}" + (f" (first {len(examples)})" if counts[kind] > len(examples) else ""))
            for text in examples:
                print(f"  {text}")
    print("verify_topic: " + ("OK" if ok else "FAILED"))
    if args.report_json:
        with open(args.report_json, "w", encoding="utf-8") as f:
            json.dump(report, f)
            f.write("\n")
    return 0 if ok else 1


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except InputError as error:
        print(f"verify_topic: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
