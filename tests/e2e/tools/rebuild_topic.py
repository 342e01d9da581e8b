#!/usr/bin/env python3
"""Rebuilds a table from its dts_avro change stream and compares it with the source.

Uses no db2kafka code: records are read with confluent_kafka and decoded with fastavro and the
published DTS schema (verify_topic.py's reader and cell conversions, verify_decoders.py).

usage:
  rebuild_topic.py --bootstrap HOST:PORT --topic T --table SCHEMA.TABLE --expected ROWS.jsonl
                   --key-columns A,B [--database DB] [--timeout S] [--examples N]
                   [--report-json OUT]

Replays every record of the table in each partition's offset order, as a consumer applying the
stream would: INSERT (full-phase rows and captured inserts) sets the row of its key, UPDATE removes
the before image's key and sets the after image's, DELETE removes the before image's key. The
table must keep all its records in one partition per key (any partition policy but a key change
under primary_key does that). Then the rebuilt rows are compared with --expected (JdbcJsonDump's
reading of the source) as verify_topic.py compares rows.

Also checked, per key, that the changes come in commit order: each captured record's
sourcePosition (commit sequence, then intent sequence, hex of equal width) is not below the
previous one of the same key. A captured record whose operation and sourcePosition came before is
a duplicate (a run stopped before Kafka acknowledged it, and the next run sent it again): it is
counted, applied again (the records after it are replayed too, so the state converges) and left
out of the order check. A DELETE of a key that is not there, an INSERT of a key that is,
and an UPDATE whose before key is not there are counted (duplicates at the full phase's hand-off
and resent windows make them; they are not failures by themselves) and reported.

Exit 0 when the rebuilt table equals the source and the order holds; 1 when not; 2 on usage or
input errors. --report-json writes {"records", "inserts", "updates", "deletes", "rows",
"missing", "unexpected", "different", "order_errors", "undecodable", "replays", "duplicates",
"ok"}.
"""

import argparse
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from verify_cells import InputError  # noqa: E402
from verify_decoders import DtsAvroDecoder, RowRecord, unescape_object_name  # noqa: E402
from verify_topic import Checker, TopicReader, load_expected  # noqa: E402


class ChangeDecoder(DtsAvroDecoder):
    """A record of the table as (operation, position, before cells, after cells); None for other
    records."""

    def decode_change(self, value):
        import io
        if value is None:
            return None
        stream = io.BytesIO(value)
        record = self.schemaless_reader(stream, self.schema, None, return_record_name=True)
        operation, object_name = record["operation"], record["objectName"]
        if (operation not in ("INSERT", "UPDATE", "DELETE") or object_name is None
                or not self.is_checked_table(object_name)):
            return None
        fields = record["fields"] or []
        return (operation, record["sourcePosition"] or "",
                self.image(fields, record["beforeImages"]), self.image(fields, record["afterImages"]))

    def image(self, fields, images):
        if not isinstance(images, list):
            return None
        if len(images) != len(fields):
            raise ValueError(f"{len(images)} image items for {len(fields)} fields")
        return collections.OrderedDict(
            (field["name"], self.cell(field, item)) for field, item in zip(fields, images))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--table", required=True, help="destination SCHEMA.TABLE")
    parser.add_argument("--database")
    parser.add_argument("--expected", required=True)
    parser.add_argument("--key-columns", required=True)
    parser.add_argument("--avro-schema", default=os.path.join(
        HERE, "..", "..", "..", "..", "shared", "reference", "dts-record.avsc"))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--report-json")
    args = parser.parse_args(argv)
    parts = unescape_object_name(args.table)
    if len(parts) != 2 or not all(parts):
        parser.error("--table must be SCHEMA.TABLE")
    args.schema, args.table_name = parts
    args.key_columns = [c for c in args.key_columns.split(",") if c]
    args.timestamp_digits = None
    args.ignore_extra_columns = False
    return args


def position_key(position):
    """Positions of both sequence widths compare as the source compares them: each part as an
    unsigned number."""
    commit, _, intent = position.partition(":")
    return (int(commit or "0", 16), int(intent or "0", 16))


def run(args):
    expected_rows = load_expected(args.expected)
    decoder = ChangeDecoder(args)
    checker = Checker(args, expected_rows)
    state = {}  # partition -> key -> RowRecord
    last_position = {}  # key -> position of its last captured record
    counts = collections.Counter()
    replays = []
    seen_changes = set()  # (operation, position) of captured records
    reader = TopicReader(args.bootstrap, args.topic, args.timeout)

    def key_of(cells, partition, offset):
        record = RowRecord(partition, offset, "INSERT", True, cells)
        return checker.received_key(record), record

    try:
        for batch in reader.batches():
            for partition, offset, value in batch:
                counts["records"] += 1
                try:
                    change = decoder.decode_change(value)
                except Exception as error:  # a decoding failure is a finding
                    checker.note("undecodable", f"partition {partition} offset {offset}: {error}")
                    continue
                if change is None:
                    continue
                operation, position, before, after = change
                counts[operation.lower() + "s"] += 1
                rows = state.setdefault(partition, {})
                where = f"partition {partition} offset {offset}"
                if before is not None:
                    before_key, _ = key_of(before, partition, offset)
                if after is not None:
                    after_key, after_record = key_of(after, partition, offset)
                changed_key = after_key if after is not None else before_key
                duplicate = False
                if position:
                    duplicate = (operation, position) in seen_changes
                    seen_changes.add((operation, position))
                    counts["duplicates"] += duplicate
                if position and not duplicate:
                    previous = last_position.get(changed_key)
                    if previous is not None and position_key(position) < position_key(previous):
                        checker.note("order_errors", f"{where}: {operation} of key "
                                     f"{checker.key_text(changed_key)} at {position} after "
                                     f"{previous}")
                    last_position[changed_key] = position
                if operation == "INSERT":
                    if after_key in rows:
                        replays.append(f"{where}: INSERT of a key already there")
                    rows[after_key] = after_record
                elif operation == "UPDATE":
                    if rows.pop(before_key, None) is None:
                        replays.append(f"{where}: UPDATE of a key not there")
                    rows[after_key] = after_record
                else:
                    if rows.pop(before_key, None) is None:
                        replays.append(f"{where}: DELETE of a key not there")
    finally:
        reader.close()

    rebuilt = [record for rows in state.values() for record in rows.values()]
    checker.compare(rebuilt)
    report = {"records": counts["records"], "inserts": counts["inserts"],
              "updates": counts["updates"], "deletes": counts["deletes"], "rows": len(rebuilt)}
    for kind in ["missing", "unexpected", "different", "order_errors", "undecodable"]:
        report[kind] = checker.counts[kind]
    report["replays"] = len(replays)
    report["duplicates"] = counts["duplicates"]
    report["ok"] = all(report[k] == 0 for k in ["missing", "unexpected", "different",
                                                  "order_errors", "undecodable"])
    print(f"rebuild_topic: topic {args.topic} table {args.table}: " +
          ", ".join(f"{k} {v}" for k, v in report.items() if k != "ok"))
    for kind in ["missing", "unexpected", "different", "order_errors", "undecodable"]:
        for text in checker.problems[kind]:
            print(f"  {kind}: {text}")
    for text in replays[:args.examples]:
        print(f"  replay: {text}")
    print("rebuild_topic: " + ("OK" if report["ok"] else "FAILED"))
    if args.report_json:
        with open(args.report_json, "w", encoding="utf-8") as f:
            json.dump(report, f)
            f.write("\n")
    return 0 if report["ok"] else 1


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except InputError as error:
        print(f"rebuild_topic: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
