#!/usr/bin/env python3
"""Times verify_topic.py on a large dts_avro topic shaped like full_sync_kill_e2e_test's.

usage: bench_verify.py --bootstrap HOST:PORT [--rows N] [--duplicates N] [--workdir DIR]
                       [--topic T] [--script VERIFY_TOPIC.py ...] [--repeat N]

Without --topic, creates a 3-partition topic and produces N (default 1,000,000) dts_avro INSERT
records of table kill1.big (ID BIGINT, GRP INT, NAME VARCHAR(30), AMOUNT DECIMAL(12,2),
NOTE VARCHAR(40), the rows full_sync_kill_e2e_test makes), each in its primary_key partition,
plus the first --duplicates of them once more (a resumed run's re-sent chunks), and writes
DIR/expected.jsonl in JdbcJsonDump's rendering. The records are written by fastavro with the
published schema, with the header of the encoder golden insert_typical. With --topic, reuses a
topic and DIR/expected.jsonl made by an earlier run (the topic name is kept in DIR/topic).

Then runs each --script (default: verify_topic.py beside this file) --repeat times with the
arguments full_sync_kill_e2e_test passes, and prints the wall time, the exit code and the report.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SCHEMA = os.path.join(REPO, "..", "shared", "reference", "dts-record.avsc")
TEMPLATE = os.path.join(REPO, "src", "encode", "tests", "testdata", "dts_avro", "insert_typical.json")
sys.path[:0] = [HERE, os.path.join(REPO, "src", "encode", "tests")]
from dts_avro_decode import load_record_schema  # noqa: E402
from verify_topic import java_partition  # noqa: E402

TABLE = "kill1.big"
PARTITIONS = 3
FIELDS = [{"name": "ID", "dataTypeNumber": 492}, {"name": "GRP", "dataTypeNumber": 496},
          {"name": "NAME", "dataTypeNumber": 448}, {"name": "AMOUNT", "dataTypeNumber": 484},
          {"name": "NOTE", "dataTypeNumber": 448}]
NS = "com.alibaba.dts.formats.avro."


def row(i):
    """Row `i` of the kill test's table, as JdbcJsonDump prints it."""
    amount = i * 125
    return {"ID": i, "GRP": i % 1000, "NAME": f"name-{i}",
            "AMOUNT": f"{amount // 100}.{amount % 100:02d}", "NOTE": f"note for row {i}"}


def images(r):
    return [(NS + "Integer", {"precision": 19, "value": str(r["ID"])}),
            (NS + "Integer", {"precision": 10, "value": str(r["GRP"])}),
            (NS + "Character", {"charset": "utf8", "value": r["NAME"].encode()}),
            (NS + "Decimal", {"value": r["AMOUNT"], "precision": 12, "scale": 2}),
            (NS + "Character", {"charset": "utf8", "value": r["NOTE"].encode()})]


def produce(bootstrap, rows, duplicates, workdir):
    import io

    import fastavro
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic

    schema = load_record_schema(SCHEMA)
    with open(TEMPLATE, encoding="utf-8") as f:
        header = json.load(f)
    header["objectName"] = "TESTDB." + TABLE
    topic = f"bench-verify-{uuid.uuid4().hex[:10]}"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for future in admin.create_topics([NewTopic(topic, PARTITIONS, 1)]).values():
        future.result(30)
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 50,
                         "batch.size": 1 << 20, "compression.type": "lz4",
                         "queue.buffering.max.messages": 1_000_000})
    started = time.monotonic()
    with open(os.path.join(workdir, "expected.jsonl"), "w", encoding="utf-8") as expected:
        for n, i in enumerate(list(range(1, rows + 1)) + list(range(1, duplicates + 1))):
            r = row(i)
            if n < rows:
                expected.write(json.dumps(r) + "\n")
            record = dict(header, id=n, sourcePosition=f"{n:020d}:{n:020d}", fields=FIELDS,
                          afterImages=images(r))
            stream = io.BytesIO()
            fastavro.schemaless_writer(stream, schema, record)
            while True:
                try:
                    producer.produce(topic, value=stream.getvalue(), key=str(i).encode(),
                                     partition=java_partition(str(i), PARTITIONS))
                    break
                except BufferError:
                    producer.poll(0.5)
            producer.poll(0)
    if producer.flush(120) != 0:
        raise SystemExit("bench_verify: records left unsent")
    with open(os.path.join(workdir, "topic"), "w", encoding="utf-8") as f:
        f.write(topic + "\n")
    print(f"bench_verify: produced {rows + duplicates} records to {topic} in "
          f"{time.monotonic() - started:.1f} s")
    return topic


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duplicates", type=int, default=0)
    parser.add_argument("--workdir", default="/tmp/bench-verify")
    parser.add_argument("--topic")
    parser.add_argument("--script", action="append")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    topic = args.topic or produce(args.bootstrap, args.rows, args.duplicates, args.workdir)
    report = os.path.join(args.workdir, "report.json")
    for script in args.script or [os.path.join(HERE, "verify_topic.py")]:
        for _ in range(args.repeat):
            command = [sys.executable, script, "--bootstrap", args.bootstrap, "--report-json",
                       report, "--topic", topic, "--format", "dts_avro", "--partition-policy",
                       "primary_key", "--table", TABLE, "--key-columns", "ID",
                       "--allow-duplicates", "--avro-schema", SCHEMA, "--expected",
                       os.path.join(args.workdir, "expected.jsonl")]
            started = time.monotonic()
            result = subprocess.run(command, capture_output=True, text=True)
            seconds = time.monotonic() - started
            try:
                with open(report, encoding="utf-8") as f:
                    counts = f.read().strip()
                os.remove(report)
            except OSError:
                counts = "no report"
            print(f"bench_verify: {script}: {seconds:.1f} s, exit {result.returncode}, {counts}")
            if result.returncode != 0:
                print(result.stdout + result.stderr)


if __name__ == "__main__":
    main()
