#!/usr/bin/env python3
"""Self-test of verify_topic.py against a real broker, with the encoders' golden records.

usage: verify_topic_selftest.py BOOTSTRAP

Produces the golden dts_avro records (src/encode/tests/testdata/dts_avro/*.hex) and debezium_json
records (all_types_precise.txt, all_types_string.txt, schema changes, tombstones) plus canal_json
and shareplex_json goldens into fresh topics, with hand-written expected rows in JdbcJsonDump's
rendering, then runs verify_topic.py on them: the clean topics must pass, and topics with a
missing, changed, duplicated or misplaced record (or an expected row changed) must fail with
the matching counts. Exits 1 at the first scenario that behaves otherwise.
"""

import json
import os
import subprocess
import sys
import tempfile
import uuid

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
TESTDATA = os.path.join(REPO, "src", "encode", "tests", "testdata")
sys.path.insert(0, HERE)
from verify_topic import java_partition  # noqa: E402  (placement only; checked against the JVM)

# ---------------------------------------------------------------- expected rows, by hand

DTS_TYPICAL = {
    "ID": 1, "C_SMALLINT": -12, "C_INTEGER": 123456, "C_BIGINT": 9007199254740993,
    "C_DECIMAL": "-12345.67", "C_DECFLOAT": "123000", "C_REAL": 0.10000000149011612,
    "C_DOUBLE": -2.5e-300, "C_CHAR": "abc       ", "C_VARCHAR": "héllo, 世界 🎉",
    "C_LONG_VARCHAR": "long\nline", "C_CHAR_BIT": "0001feff", "C_VARCHAR_BIT": "00",
    "C_LONG_VARCHAR_BIT": "6c76", "C_BINARY": "dead0000", "C_VARBINARY": "000000",
    "C_GRAPHIC": "日本語", "C_VARGRAPHIC": "Ünïcödé", "C_LONG_VARGRAPHIC": "long vargraphic",
    "C_DATE": "2024-02-29", "C_TIME": "13:14:15",
    "C_TIMESTAMP12": "2024-01-31T13:14:15.123456789",
    "C_TIMESTAMP6": "2024-01-31T13:14:15.123456000",
    "C_TIMESTAMP0": "2024-01-31T13:14:15.000000000",
    "C_CLOB": "clob text ✓", "C_BLOB": "89504e4700", "C_DBCLOB": "dbclob テキスト",
    "C_XML": "<a b=\"1\">x</a>", "C_BOOLEAN": True,
}
DTS_MINIMUM = {
    "ID": -2147483648, "C_SMALLINT": -32768, "C_INTEGER": -2147483648,
    "C_BIGINT": -9223372036854775808, "C_DECIMAL": "-99999999999999999999999999999.99",
    "C_DECFLOAT": "-9.999999999999999999999999999999999E+6144",
    "C_REAL": -3.4028234663852886e+38, "C_DOUBLE": -1.7976931348623157e+308,
    "C_CHAR": "", "C_VARCHAR": "", "C_LONG_VARCHAR": "", "C_CHAR_BIT": "00000000",
    "C_VARCHAR_BIT": "", "C_LONG_VARCHAR_BIT": "", "C_BINARY": "00000000", "C_VARBINARY": "",
    "C_GRAPHIC": "", "C_VARGRAPHIC": "", "C_LONG_VARGRAPHIC": "", "C_DATE": "0001-01-01",
    "C_TIME": "00:00:00", "C_TIMESTAMP12": "0001-01-01T00:00:00.000000000",
    "C_TIMESTAMP6": "0001-01-01T00:00:00.000000000",
    "C_TIMESTAMP0": "0001-01-01T00:00:00.000000000",
    "C_CLOB": "", "C_BLOB": "", "C_DBCLOB": "", "C_XML": "", "C_BOOLEAN": False,
}
DTS_MAXIMUM = {
    "ID": 2147483647, "C_SMALLINT": 32767, "C_INTEGER": 2147483647,
    "C_BIGINT": 9223372036854775807, "C_DECIMAL": "99999999999999999999999999999.99",
    "C_DECFLOAT": "9.999999999999999999999999999999999E+6144",
    "C_REAL": 3.4028234663852886e+38, "C_DOUBLE": 1.7976931348623157e+308,
    "C_CHAR": "ÿ" * 10, "C_VARCHAR": "𝄞 emoji 😀 and \\\"quotes\"", "C_LONG_VARCHAR": "x" * 1000,
    "C_CHAR_BIT": "ffffffff", "C_VARCHAR_BIT": "ff00ff00ff00ff00", "C_LONG_VARCHAR_BIT": "7f" * 300,
    "C_BINARY": "ffffffff", "C_VARBINARY": "ffffffffffffffff", "C_GRAPHIC": "ＡＢＣ",
    "C_VARGRAPHIC": "最大", "C_LONG_VARGRAPHIC": "𠀋", "C_DATE": "9999-12-31",
    "C_TIME": "00:00:00",  # Db2 24:00:00, as JDBC reads it
    "C_TIMESTAMP12": "9999-12-31T23:59:59.999999999",
    "C_TIMESTAMP6": "9999-12-31T23:59:59.999999000",
    "C_TIMESTAMP0": "9999-12-31T23:59:59.000000000",
    "C_CLOB": "clob", "C_BLOB": "0000", "C_DBCLOB": "dbclob",
    "C_XML": "<?xml version=\"1.0\"?><r/>", "C_BOOLEAN": True,
}
DTS_NULLS = {name: None for name in DTS_TYPICAL}
DTS_NULLS["ID"] = 7

TEXTS = {"C": "abcdefghij", "VC": "héllo wörld 中文 😀 \"quoted\" \\back\n\ttab\u0001",
         "LVC": "long varchar", "CB": "deadbeef00c0ffee", "VB": "00ff00", "LVB": "fffefd0001",
         "BIN": "ffffffff", "VBIN": "0001020304050607", "G": "全角", "VG": "ｶﾀｶﾅ",
         "LVG": "long vargraphic", "CL": "clob ✓", "BL": "000001", "DBCL": "dbclob",
         "X": "<doc a=\"1\">é</doc>", "BO": True}
DBZ_ROWS = [
    {"ID": 1, "SI": -32768, "I": -2147483648, "BI": -9223372036854775808,
     "D31": "-9999999999999999999999999999999", "D31S": "-0.9999999999999999999999999999999",
     "D": "-9999999999999.99", "DF16": "-9.999999999999999E+384", "DF34": "-1E-100",
     "R": -3.4028234663852886e+38, "DB": -1.7976931348623157e+308, "C": "", "VC": "", "LVC": "",
     "CB": "0000000000000000", "VB": "", "LVB": "00", "BIN": "00000000", "VBIN": "", "G": "",
     "VG": "", "LVG": "", "DT": "0001-01-01", "TM": "00:00:00",
     "TS0": "0001-01-01T00:00:00.000000000", "TS3": "0001-01-01T00:00:00.000000000",
     "TS6": "0001-01-01T00:00:00.000000000", "TS9": None, "TS12": None, "CL": "", "BL": "",
     "DBCL": "", "X": "<a/>", "BO": False},
    dict(TEXTS, ID=2, SI=32767, I=2147483647, BI=9223372036854775807,
         D31="9999999999999999999999999999999", D31S="0.9999999999999999999999999999999",
         D="9999999999999.99", DF16="9.999999999999999E+384", DF34="1.5E+40",
         R=3.4028234663852886e+38, DB=1.7976931348623157e+308, DT="9999-12-31", TM="23:59:59",
         TS0="9999-12-31T23:59:59.000000000", TS3="9999-12-31T23:59:59.999000000",
         TS6="9999-12-31T23:59:59.999999000", TS9=None, TS12=None),
    dict({name: None for name in ["SI", "I", "BI", "D31", "D31S", "D", "DF16", "DF34", "R", "DB",
                                  "DT", "TM", "TS0", "TS3", "TS6", "TS9", "TS12"] + list(TEXTS)},
         ID=3),
    dict(TEXTS, ID=4, SI=0, I=0, BI=0, D31="0", D31S="0.0000000000000000000000000000000",
         D="-0.01", DF16="1.50", DF34="0", R=0.10000000149011612, DB=0.1, C="a         ",
         DT="1970-01-01", TM="00:00:00", TS0="2024-02-29T13:14:15.000000000",
         TS3="2024-02-29T13:14:15.123000000", TS6="2024-02-29T13:14:15.123456000",
         TS9="2024-02-29T13:14:15.123456789", TS12="2024-02-29T13:14:15.123456789"),
    dict(TEXTS, ID=5, SI=32767, I=2147483647, BI=9223372036854775807,
         D31="9999999999999999999999999999999", D31S="0.9999999999999999999999999999999",
         D="5.00", DF16="1.23E+5", DF34="-12345678901234567890123456789012.34",
         R=9.999999747378752e-05, DB=1.0E7, DT="1969-12-31", TM="23:59:59",
         TS0="1969-12-31T23:59:59.000000000", TS3="1969-12-31T23:59:59.500000000",
         TS6="1969-12-31T23:59:59.500000000", TS9="1969-12-31T23:59:59.500000000",
         TS12="1969-12-31T23:59:59.500000000"),
]

# canal_json/shareplex_json: the snapshot/insert goldens
CANAL_MAX = {
    "ID": 1, "C_SMALLINT": 32767, "C_INTEGER": 2147483647, "C_BIGINT": 9223372036854775807,
    "C_DECIMAL": "99999999999999999999999999999.99",
    "C_DECFLOAT": "9.999999999999999999999999999999999E+6144", "C_REAL": 3.4028234663852886e+38,
    "C_DOUBLE": 1.7976931348623157e+308, "C_CHAR": "abc       ",
    "C_VARCHAR": "héllo 中文 😀 \"q\" \\ \t\n\r\u0000\u0007\u001f\u007f end",
    "C_LONGVARCHAR": "</script>\u2028",
    "C_CHARBIT": "0001feff", "C_VARCHARBIT": "000000", "C_LONGVARCHARBIT": "deadbeef00",
    "C_BINARY": "01000200", "C_VARBINARY": "ff", "C_GRAPHIC": "日本語 ", "C_VARGRAPHIC": "Ünï",
    "C_LONGVARGRAPHIC": "ｶﾀ", "C_DATE": "9999-12-31", "C_TIME": "23:59:59",
    "C_TIMESTAMP": "9999-12-31T23:59:59.999999000",
    "C_TIMESTAMP12": "2024-02-29T12:34:56.123456789", "C_TIMESTAMP0": "1970-01-01T00:00:00.000000000",
    "C_CLOB": "clob", "C_BLOB": bytes(range(256)).hex(), "C_DBCLOB": "dbclob ✓",
    "C_XML": "<a x=\"1\">é</a>", "C_BOOLEAN": True,
}
SHAREPLEX_MAX = {
    "ID": 32767, "C_INTEGER": 2147483647, "C_BIGINT": 9223372036854775807,
    "C_DECIMAL": "0.9999999999999999999999999999999", "C_DECFLOAT": "9.999999999999999E+384",
    "C_REAL": 3.4028234663852886e+38, "C_DOUBLE": 1.7976931348623157e+308,
    "C_VARCHAR": "é中😀 \"\\\t\n\u0000\u0001\u007f", "C_VARGRAPHIC": "ｶﾀ", "C_BLOB": "00ff0080",
    "C_BINARY": "000000", "C_DATE": "9999-12-31", "C_TIME": "24:00:00",
    "C_TIMESTAMP12": "9999-12-31T23:59:59.999999999", "C_TIMESTAMP3": "2024-02-29T00:00:01.005000000",
    "C_XML": "<doc>é</doc>", "C_BOOLEAN": True,
}

# ---------------------------------------------------------------- helpers

BOOTSTRAP = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("KAFKA_BOOTSTRAP")
WORK = tempfile.mkdtemp(prefix="verify-topic-selftest-")
FAILURES = []


def new_topic(partitions):
    name = f"verify-selftest-{uuid.uuid4().hex[:10]}"
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    for future in admin.create_topics([NewTopic(name, partitions, 1)]).values():
        future.result(30)
    return name


def produce(topic, records):
    """records: (partition, key bytes or None, value bytes or None)."""
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for partition, key, value in records:
        producer.produce(topic, value=value, key=key, partition=partition)
    assert producer.flush(30) == 0


def write_expected(rows):
    path = os.path.join(WORK, f"expected-{uuid.uuid4().hex[:8]}.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def verify(name, topic, fmt, table, rows, want_exit, want_counts=None, extra=()):
    report = os.path.join(WORK, f"report-{uuid.uuid4().hex[:8]}.json")
    command = [sys.executable, os.path.join(HERE, "verify_topic.py"), "--bootstrap", BOOTSTRAP,
               "--topic", topic, "--format", fmt, "--table", table,
               "--expected", write_expected(rows), "--report-json", report, *extra]
    result = subprocess.run(command, capture_output=True, text=True)
    print(f"--- {name}: exit {result.returncode}\n{result.stdout}{result.stderr}", end="")
    problems = []
    if result.returncode != want_exit:
        problems.append(f"exit {result.returncode}, wanted {want_exit}")
    if want_counts:
        with open(report, encoding="utf-8") as f:
            counts = json.load(f)
        for key, value in want_counts.items():
            if counts.get(key) != value:
                problems.append(f"{key} {counts.get(key)}, wanted {value}")
    if problems:
        FAILURES.append(f"{name}: " + "; ".join(problems))
        print(f"*** SELFTEST FAILURE {name}: " + "; ".join(problems))


def hex_record(name):
    with open(os.path.join(TESTDATA, "dts_avro", name + ".hex"), encoding="ascii") as f:
        return bytes.fromhex(f.read().strip())


def debezium_records(name, snapshot):
    """(key bytes, value bytes) of a debezium golden file; payload-only lines get the first
    value's schema back. With `snapshot`, row events become op "r" (snapshot rows)."""
    out, schema, key = [], None, None
    with open(os.path.join(TESTDATA, "debezium_json", name), encoding="utf-8") as f:
        for line in f:
            kind, document = line.rstrip("\n").split(" ", 1)
            if kind == "key":
                key = None if document == "null" else document.encode()
                continue
            if document == "null":
                out.append((key, None))
                continue
            document = json.loads(document)
            if kind == "value":
                schema = document["schema"]
                payload = document["payload"]
            else:
                payload = document
            if snapshot and payload.get("op") == "c":
                payload["op"] = "r"
                payload["source"]["snapshot"] = "true"
            out.append((key, json.dumps({"schema": schema, "payload": payload},
                                        ensure_ascii=False, separators=(",", ":")).encode()))
    return out


def golden_text(directory, name):
    with open(os.path.join(TESTDATA, directory, name), encoding="utf-8") as f:
        return f.read().strip().encode()


# ---------------------------------------------------------------- scenarios

def dts_avro():
    table, partitions = "APP.ALL_TYPES", 5
    rows = [DTS_TYPICAL, DTS_MINIMUM, DTS_MAXIMUM, DTS_NULLS]
    goldens = ["insert_typical", "insert_minimum", "insert_maximum", "insert_nulls"]
    by_table = java_partition(table, partitions)
    noise = [(0, None, hex_record("ddl")), (0, None, hex_record("heartbeat")),
             (by_table, b"7", hex_record("snapshot_read")), (1, b"8", hex_record("dotted_names"))]

    topic = new_topic(partitions)
    produce(topic, [(by_table, None, hex_record(g)) for g in goldens] + noise)
    verify("dts_avro clean, table policy", topic, "dts_avro", table, rows, 0,
           {"expected": 4, "received": 4, "missing": 0, "different": 0},
           ["--key-columns", "ID", "--partition-policy", "table"])
    verify("dts_avro clean, no key columns", topic, "dts_avro", table, rows, 0,
           {"received": 4})
    verify("dts_avro clean, wrong policy primary_key", topic, "dts_avro", table, rows, 1,
           {"partition_errors": 3}, ["--key-columns", "ID", "--partition-policy", "primary_key"])
    changed = [dict(DTS_TYPICAL, C_DECIMAL="-12345.68", C_TIMESTAMP6="2024-01-31T13:14:15.123457000")]
    verify("dts_avro expected value changed", topic, "dts_avro", table,
           changed + rows[1:], 1, {"different": 1}, ["--key-columns", "ID"])
    verify("dts_avro expected REAL changed in the last bit", topic, "dts_avro", table,
           [dict(DTS_TYPICAL, C_REAL=0.1)] + rows[1:], 1, {"different": 1}, ["--key-columns", "ID"])
    verify("dts_avro expected row not produced", topic, "dts_avro", table,
           rows + [dict(DTS_NULLS, ID=8)], 1, {"missing": 1}, ["--key-columns", "ID"])
    verify("dts_avro unexpected row", topic, "dts_avro", table, rows[1:], 1,
           {"unexpected": 1}, ["--key-columns", "ID"])
    verify("dts_avro other database", topic, "dts_avro", table, rows, 1,
           {"received": 0, "missing": 4}, ["--key-columns", "ID", "--database", "OTHER"])
    dotted = {"ID": 8, "NAME": "d", "QTY": "0.01", "AT": "2024-05-31T16:08:37.654321000"}
    verify("dts_avro dotted names", topic, "dts_avro", "MY\\u002ESCHEMA.T\\u002E1", [dotted], 0,
           {"received": 1}, ["--key-columns", "ID", "--database", "SAMPLE"])

    # primary_key placement, one record missing, one duplicated, one misplaced, one update
    topic = new_topic(partitions)
    placed = [(java_partition(str(r["ID"]), partitions), str(r["ID"]).encode(), hex_record(g))
              for r, g in zip(rows, goldens)]
    misplaced = (placed[3][0] + 1) % partitions
    produce(topic, [placed[0], placed[2], placed[2], (misplaced, placed[3][1], placed[3][2]),
                    (0, b"5", hex_record("update")), (0, b"6", hex_record("delete"))])
    verify("dts_avro missing+duplicate+misplaced, primary_key", topic, "dts_avro", table, rows, 1,
           {"received": 4, "missing": 1, "duplicates": 1, "partition_errors": 1, "different": 0},
           ["--key-columns", "ID", "--partition-policy", "primary_key"])
    verify("dts_avro duplicates allowed but missing", topic, "dts_avro", table, rows, 1,
           {"duplicates": 1, "missing": 1}, ["--key-columns", "ID", "--allow-duplicates"])
    verify("dts_avro duplicates allowed", topic, "dts_avro", table, [rows[0], rows[2], rows[3]], 0,
           {"duplicates": 1}, ["--key-columns", "ID", "--allow-duplicates"])
    verify("dts_avro update/delete of another table", topic, "dts_avro", "APP.ORDERS", [], 1,
           {"other_operations": 2})

    # partition0, and a corrupt record
    topic = new_topic(2)
    produce(topic, [(0, None, hex_record(g)) for g in goldens] + [(1, None, hex_record("insert_typical")),
                                                                  (0, None, b"\x00\x01garbage")])
    verify("dts_avro partition0 with a record on 1 and garbage", topic, "dts_avro", table, rows, 1,
           {"partition_errors": 1, "duplicates": 1, "undecodable": 1},
           ["--key-columns", "ID", "--partition-policy", "partition0"])


def debezium_json():
    table, partitions = "APP.ALL_TYPES", 4
    for mode in ("precise", "string"):
        records = debezium_records(f"all_types_{mode}.txt", snapshot=True)
        rows = DBZ_ROWS
        if mode == "string":
            # A string-mode DECFLOAT is a plain Connect string, compared as text: toPlainString.
            plain = {1: ("-" + "9" * 16 + "0" * 369, "-0." + "0" * 99 + "1"),
                     2: ("9" * 16 + "0" * 369, "15" + "0" * 39),
                     4: ("1.50", "0"), 5: ("123000", "-12345678901234567890123456789012.34")}
            rows = [dict(r, DF16=plain[r["ID"]][0], DF34=plain[r["ID"]][1]) if r["ID"] in plain
                    else r for r in DBZ_ROWS]
        schema_changes = debezium_records("heartbeat_and_schema_changes.txt", snapshot=True)
        operations = debezium_records("operations.txt", snapshot=False)
        topic = new_topic(partitions)
        produce(topic, [(java_partition(str(i + 1), partitions), k, v)
                        for i, (k, v) in enumerate(records)]
                + [(0, k, v) for k, v in schema_changes] + [(0, k, v) for k, v in operations])
        verify(f"debezium_json {mode} clean, primary_key", topic, "debezium_json", table,
               rows, 0, {"received": 5, "different": 0},
               ["--key-columns", "ID", "--partition-policy", "primary_key"])
        changed = [dict(r) for r in rows]
        changed[3]["TS6"] = "2024-02-29T13:14:15.123457000"
        changed[4]["VB"] = "00ff01"
        verify(f"debezium_json {mode} two values changed", topic, "debezium_json", table, changed,
               1, {"different": 2}, ["--key-columns", "ID"])

    topic = new_topic(1)
    records = debezium_records("all_types_precise.txt", snapshot=False)  # op "c"
    produce(topic, [(0, k, v) for k, v in records] + [(0, records[0][0], records[0][1])])
    verify("debezium_json op c refused", topic, "debezium_json", table, DBZ_ROWS, 1,
           {"other_operations": 6, "missing": 5})
    verify("debezium_json op c accepted, one duplicate", topic, "debezium_json", table, DBZ_ROWS,
           1, {"duplicates": 1, "received": 6}, ["--key-columns", "ID", "--accept-inserts"])
    verify("debezium_json op c accepted, whole rows, duplicates allowed", topic, "debezium_json",
           table, DBZ_ROWS, 0, {"duplicates": 1}, ["--accept-inserts", "--allow-duplicates"])
    verify("debezium_json whole rows, a changed row", topic, "debezium_json", table,
           DBZ_ROWS[:4] + [dict(DBZ_ROWS[4], BO=False)], 1, {"missing": 1, "unexpected": 1},
           ["--accept-inserts", "--allow-duplicates"])


def canal_and_shareplex():
    topic = new_topic(2)
    produce(topic, [(0, None, golden_text("canal_json", "insert_max.json")),
                    (0, None, golden_text("canal_json", "ddl_alter.json")),
                    (1, None, golden_text("canal_json", "update.json"))])
    verify("canal_json clean", topic, "canal_json", "APP.ALLTYPES", [CANAL_MAX], 0,
           {"received": 1}, ["--key-columns", "ID", "--partition-policy", "partition0"])
    verify("canal_json changed REAL and CHAR padding", topic, "canal_json", "APP.ALLTYPES",
           [dict(CANAL_MAX, C_REAL=3.4028235e+38, C_CHAR="abc")], 1, {"different": 1},
           ["--key-columns", "ID"])
    verify("canal_json update is another operation", topic, "canal_json", "APP.ORDERS", [], 1,
           {"other_operations": 1})

    topic = new_topic(1)
    produce(topic, [(0, None, golden_text("shareplex_json", "insert_max.json")),
                    (0, None, golden_text("shareplex_json", "ddl_alter.json"))])
    verify("shareplex_json clean", topic, "shareplex_json", "APP.TYPES", [SHAREPLEX_MAX], 0,
           {"received": 1}, ["--key-columns", "ID"])
    verify("shareplex_json clean, whole rows", topic, "shareplex_json", "APP.TYPES",
           [SHAREPLEX_MAX], 0, {"received": 1})
    verify("shareplex_json changed binary", topic, "shareplex_json", "APP.TYPES",
           [dict(SHAREPLEX_MAX, C_BLOB="00ff0081")], 1, {"different": 1}, ["--key-columns", "ID"])


if __name__ == "__main__":
    if not BOOTSTRAP:
        raise SystemExit(__doc__)
    dts_avro()
    debezium_json()
    canal_and_shareplex()
    print(f"=== selftest: {len(FAILURES)} failing scenario(s)")
    for failure in FAILURES:
        print("  " + failure)
    sys.exit(1 if FAILURES else 0)
