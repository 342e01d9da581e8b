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
import base64
import binascii
import collections
import datetime
import decimal
import io
import json
import math
import os
import re
import struct
import sys
import uuid

EPOCH = datetime.datetime(1970, 1, 1)
EPOCH_DATE = datetime.date(1970, 1, 1)
TIMESTAMP_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T-](\d{2})[:.](\d{2})[:.](\d{2})(?:\.(\d{1,12}))?$")
EXPECTED_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}$")


class InputError(Exception):
    """A usage or input problem: exit 2."""


# ---------------------------------------------------------------- Java semantics

def java_string_hash(text):
    """java.lang.String.hashCode over the UTF-16 code units of `text`, as a signed 32-bit int."""
    units = text.encode("utf-16-le", "surrogatepass")
    h = 0
    for i in range(0, len(units), 2):
        h = (31 * h + (units[i] | units[i + 1] << 8)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def java_partition(key, partitions):
    """Math.abs(key.hashCode() % partitions); Java's % truncates toward zero."""
    return abs(java_string_hash(key)) % partitions


def widen_float32(value):
    """The nearest float32 to `value`, widened back to a double (what (double) aFloat gives)."""
    if math.isnan(value) or math.isinf(value):
        return value
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def shortest_text(value, float32=False):
    """std::to_chars(value) without a format: the shortest round-trip digits, fixed or %e style,
    whichever is shorter (fixed on a tie); NaN/Infinity/-Infinity as docs/FORMATS.md's key text."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    if float32:
        for digits in range(1, 10):
            text = "%.*e" % (digits - 1, value)
            if widen_float32(float(text)) == value:
                break
    else:
        text = "%.*e" % (16, value)
        for digits in range(1, 18):
            candidate = "%.*e" % (digits - 1, value)
            if float(candidate) == value:
                text = candidate
                break
    mantissa, exponent = text.split("e")
    sign = "-" if mantissa.startswith("-") else ""
    mantissa_digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    exp = int(exponent)
    scientific = sign + mantissa_digits[0]
    if len(mantissa_digits) > 1:
        scientific += "." + mantissa_digits[1:]
    scientific += "e%s%02d" % ("-" if exp < 0 else "+", abs(exp))
    point = exp + 1  # digits before the decimal point
    if point <= 0:
        fixed = sign + "0." + "0" * (-point) + mantissa_digits
    elif point >= len(mantissa_digits):
        fixed = sign + mantissa_digits + "0" * (point - len(mantissa_digits))
    else:
        fixed = sign + mantissa_digits[:point] + "." + mantissa_digits[point:]
    return fixed if len(fixed) <= len(scientific) else scientific


def plain_decimal(unscaled, scale):
    """BigDecimal(unscaled, scale).toPlainString() for scale >= 0."""
    sign = "-" if unscaled < 0 else ""
    digits = str(abs(unscaled))
    if scale <= 0:
        return sign + digits + "0" * (-scale)
    digits = digits.rjust(scale + 1, "0")
    return sign + digits[:-scale] + "." + digits[-scale:]


# ---------------------------------------------------------------- cells

class Cell:
    """One received column value: `value` in JdbcJsonDump's rendering, `kind` for comparison,
    `key_text` the value's text in the primary_key partition key (None: not derivable)."""

    __slots__ = ("value", "kind", "key_text", "note")

    def __init__(self, value, kind, key_text=None, note=None):
        self.value, self.kind, self.key_text, self.note = value, kind, key_text, note

    def shown(self):
        return shown(self.value) + (f" ({self.note})" if self.note else "")


def shown(value):
    """JSON text of a value with every invisible character escaped, so that two values that
    differ only there do not look alike in a message."""
    return "".join(c if c.isprintable() or c == " " else "\\u%04x" % ord(c) if ord(c) < 0x10000
                   else c for c in json.dumps(value, ensure_ascii=False))


def null_cell():
    return Cell(None, "null", "")


def int_cell(number):
    return Cell(int(number), "int", str(int(number)))


def bool_cell(flag):
    return Cell(bool(flag), "bool", "true" if flag else "false")


def text_cell(text):
    return Cell(text, "text", text)


def binary_cell(data):
    return Cell(data.hex(), "binary", base64.b64encode(data).decode("ascii"))


def decimal_cell(text):
    return Cell(text, "decimal", text)


def decfloat_cell(text, key_text=None):
    return Cell(text, "decfloat", key_text if key_text is not None else text)


def real_cell(number):
    widened = widen_float32(float(number))
    return Cell(widened, "real", shortest_text(widened, float32=True))


def double_cell(number, kind="double"):
    number = float(number)
    return Cell(number, kind, shortest_text(number))


def date_cell(date):
    return Cell(date.isoformat(), "date", date.isoformat())


def time_cell(hour, minute, second):
    # JDBC reads Db2's 24:00:00 as 00:00:00 (java.sql.Time cannot hold hour 24).
    hour = 0 if hour == 24 else hour
    text = f"{hour:02d}:{minute:02d}:{second:02d}"
    return Cell(text, "time", text)


def timestamp_cell(moment, nanos, digits):
    """`moment` a naive datetime (whole seconds), `nanos` the fraction in ns; `digits` the
    declared fraction digits for the key text (None: the key text is not known)."""
    base = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    value = f"{base}.{nanos:09d}"
    key_text = None
    if digits is not None:
        key_text = base.replace("T", " ")
        if digits > 0:
            key_text += "." + f"{nanos:09d}".ljust(digits, "0")[:digits]
    return Cell(value, "timestamp", key_text)


def timestamp_from_parts(year, month, day, hour, minute, second, nanos, digits):
    carry = 0
    if hour == 24:  # Db2's 24:00:00 is the next day's midnight for JDBC
        hour, carry = 0, 1
    moment = datetime.datetime(year, month, day, hour, minute, second) + datetime.timedelta(days=carry)
    return timestamp_cell(moment, nanos, digits)


def timestamp_from_text(text):
    """'YYYY-MM-DD HH:MM:SS[.f{1,12}]' (value text of the JSON formats) as a timestamp cell."""
    match = TIMESTAMP_TEXT.match(text)
    if not match:
        raise ValueError(f"not a timestamp: {text!r}")
    date = datetime.date.fromisoformat(match.group(1))
    fraction = match.group(5) or ""
    nanos = int(fraction.ljust(9, "0")[:9]) if fraction else 0
    cell = timestamp_from_parts(date.year, date.month, date.day, int(match.group(2)),
                                int(match.group(3)), int(match.group(4)), nanos, None)
    cell.key_text = text
    return cell


def time_from_text(text):
    match = re.match(r"^(\d{2})[:.](\d{2})[:.](\d{2})$", text)
    if not match:
        raise ValueError(f"not a time: {text!r}")
    cell = time_cell(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    cell.key_text = text
    return cell


def b64decode_strict(text):
    return base64.b64decode(text.encode("ascii"), validate=True)


# ---------------------------------------------------------------- comparison

def as_float(value):
    if isinstance(value, str):
        return float(decimal.Decimal(value))
    return float(value)


def floats_equal(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


def decimals_equal(a, b):
    try:
        x, y = decimal.Decimal(str(a)), decimal.Decimal(str(b))
    except (decimal.InvalidOperation, ValueError):
        return False
    if x.is_nan() or y.is_nan():
        return x.is_nan() and y.is_nan()
    return x == y


def same_json_type(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return True
    return type(a) is type(b)


def cell_matches(expected, cell):
    """Whether the received `cell` is a rendering of the expected JdbcJsonDump value."""
    if expected is None or cell.value is None:
        return expected is None and cell.value is None
    kind = cell.kind
    if kind in ("real", "double"):
        if isinstance(expected, bool):
            return False
        if isinstance(expected, (int, float)):
            return floats_equal(float(expected), cell.value)
        return False
    if kind == "decimal_double":  # debezium decimal_handling double: nearest double only
        try:
            return floats_equal(as_float(expected), cell.value)
        except (ValueError, decimal.InvalidOperation, TypeError):
            return False
    if kind == "decfloat":
        return decimals_equal(expected, cell.value)
    if kind == "untyped":  # shareplex_json: every value is text, no types in the record
        return untyped_matches(expected, cell.value)
    return same_json_type(expected, cell.value) and expected == cell.value


def untyped_matches(expected, text):
    if not isinstance(text, str):
        return False
    if isinstance(expected, bool):
        return text == ("true" if expected else "false")
    if isinstance(expected, int):
        return re.fullmatch(r"-?\d+", text) is not None and int(text) == expected
    if isinstance(expected, float):
        try:
            number = float(text)
        except ValueError:
            return False
        # A REAL's text is the shortest one that reads back to the float (`0.1`), JdbcJsonDump
        # prints the float widened to double (0.10000000149011612).
        return floats_equal(number, expected) or floats_equal(widen_float32(number), expected)
    if text == expected:
        return True
    if EXPECTED_TIMESTAMP.match(expected):
        try:
            return timestamp_from_text(text).value == expected
        except ValueError:
            return False
    if re.fullmatch(r"(?:[0-9a-f]{2})*", expected):
        try:
            return b64decode_strict(text).hex() == expected
        except (binascii.Error, ValueError):
            return False
    return False


def untyped_key_value(text, expected_kind):
    """A shareplex_json text in the key's canonical form, guided by the expected column's kind."""
    if text is None:
        return None
    try:
        if expected_kind == "int" and re.fullmatch(r"-?\d+", text):
            return int(text)
        if expected_kind == "float":
            return float(text)
        if expected_kind == "bool":
            return {"true": True, "false": False}.get(text, text)
        if expected_kind == "timestamp":
            return timestamp_from_text(text).value
        if expected_kind == "binary":
            return b64decode_strict(text).hex()
    except (ValueError, binascii.Error):
        return text
    return text


def json_kind(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if EXPECTED_TIMESTAMP.match(value):
        return "timestamp"
    return "str"


# ---------------------------------------------------------------- decoders

class RowRecord:
    """One row record of the checked table."""

    def __init__(self, partition, offset, operation, snapshot, cells):
        self.partition, self.offset = partition, offset
        self.operation, self.snapshot, self.cells = operation, snapshot, cells

    def where(self):
        return f"partition {self.partition} offset {self.offset}"


def unescape_object_name(name):
    return [part.replace("\\u002E", ".") for part in name.split(".")]


class DtsAvroDecoder:
    def __init__(self, args):
        import fastavro
        self.fastavro = fastavro
        with open(args.avro_schema, encoding="utf-8") as f:
            types = json.load(f)
        named = {}
        parsed = None
        for avro_type in types:
            parsed = fastavro.parse_schema(avro_type, named_schemas=named)
        if parsed is None or parsed.get("name") != "com.alibaba.dts.formats.avro.Record":
            raise InputError(f"{args.avro_schema}: the last type is not "
                             "com.alibaba.dts.formats.avro.Record")
        self.schema = parsed
        self.args = args

    def decode(self, partition, offset, value):
        if value is None:
            return None
        stream = io.BytesIO(value)
        record = self.fastavro.schemaless_reader(stream, self.schema, None, return_record_name=True)
        if stream.tell() != len(value):
            raise ValueError(f"{len(value) - stream.tell()} bytes left over after the Record")
        operation = record["operation"]
        if operation in ("DDL", "HEARTBEAT") or record["objectName"] is None:
            return None
        parts = unescape_object_name(record["objectName"])
        if len(parts) not in (2, 3) or parts[-2:] != [self.args.schema, self.args.table_name]:
            return None
        if self.args.database is not None and (len(parts) != 3 or parts[0] != self.args.database):
            return None
        if operation != "INSERT":
            return RowRecord(partition, offset, operation, False, None)
        fields = record["fields"] or []
        images = record["afterImages"]
        if not isinstance(images, list) or len(images) != len(fields):
            raise ValueError(f"afterImages has {len(images) if isinstance(images, list) else images!r}"
                             f" items for {len(fields)} fields")
        cells = collections.OrderedDict()
        for field, item in zip(fields, images):
            cells[field["name"]] = self.cell(field, item)
        return RowRecord(partition, offset, operation, True, cells)

    def cell(self, field, item):
        if item is None:
            return null_cell()
        branch, value = item
        branch = branch.rsplit(".", 1)[-1]
        type_number = field["dataTypeNumber"]
        if branch == "Integer":
            if type_number == 2436:
                if value["value"] not in ("0", "1"):
                    raise ValueError(f"{field['name']}: BOOLEAN Integer {value['value']!r}")
                return bool_cell(value["value"] == "1")
            return int_cell(value["value"])
        if branch == "Decimal":
            if type_number == 996:
                return decfloat_cell(value["value"])
            return decimal_cell(value["value"])
        if branch == "Float":
            if value["precision"] == 24:
                cell = real_cell(value["value"])
                if cell.value != value["value"]:
                    cell.note = f"REAL Float {value['value']!r} is not a float32"
                return cell
            return double_cell(value["value"])
        if branch == "Character":
            charset = value["charset"]
            codec = {"utf8": "utf-8", "utf8mb4": "utf-8"}.get(charset.lower(), charset)
            return text_cell(value["value"].decode(codec, errors="replace"))
        if branch == "BinaryObject":
            return binary_cell(value["value"])
        if branch == "TextObject":
            return text_cell(value["value"])
        if branch == "DateTime":
            return self.date_time(field["name"], value)
        raise ValueError(f"{field['name']}: unsupported image branch {branch}")

    def date_time(self, name, v):
        has_date = v["year"] is not None
        has_time = v["hour"] is not None
        if has_date and not has_time:
            return date_cell(datetime.date(v["year"], v["month"], v["day"]))
        if has_time and not has_date:
            return time_cell(v["hour"], v["minute"], v["second"])
        if has_date and has_time:
            nanos = v["millis"] or 0
            digits = 0 if v["millis"] is None else self.args.timestamp_digits
            if digits is None:
                digits = 9
            return timestamp_from_parts(v["year"], v["month"], v["day"], v["hour"], v["minute"],
                                        v["second"], nanos, digits)
        raise ValueError(f"{name}: DateTime with neither date nor time")


class DebeziumJsonDecoder:
    def __init__(self, args):
        self.args = args

    def decode(self, partition, offset, value):
        if value is None:
            return None  # tombstone
        document = json.loads(value)
        payload = document.get("payload") if isinstance(document, dict) else None
        if not isinstance(payload, dict) or "op" not in payload:
            return None  # schema change or heartbeat record
        source = payload.get("source") or {}
        if source.get("schema") != self.args.schema or source.get("table") != self.args.table_name:
            return None
        if self.args.database is not None and source.get("db") != self.args.database:
            return None
        op = payload["op"]
        accepted = ("r", "c") if self.args.accept_inserts else ("r",)
        if op not in accepted:
            return RowRecord(partition, offset, f"op {op}", False, None)
        field_schemas = {}
        for field in document["schema"]["fields"]:
            if field.get("field") == "after":
                field_schemas = {column["field"]: column for column in field["fields"]}
        after = payload.get("after")
        if not isinstance(after, dict):
            raise ValueError(f"op {op} without an after image")
        cells = collections.OrderedDict()
        for name, item in after.items():
            if name not in field_schemas:
                raise ValueError(f"column {name} is not in the value schema")
            cells[name] = self.cell(field_schemas[name], item)
        return RowRecord(partition, offset, f"op {op}", True, cells)

    def cell(self, schema, item):
        if item is None:
            return null_cell()
        kind, name = schema["type"], schema.get("name")
        digits = self.args.timestamp_digits
        if name == "org.apache.kafka.connect.data.Decimal":
            scale = int(schema["parameters"]["scale"])
            unscaled = int.from_bytes(b64decode_strict(item), "big", signed=True) if item else 0
            return decimal_cell(plain_decimal(unscaled, scale))
        if name == "io.debezium.data.VariableScaleDecimal":
            raw = b64decode_strict(item["value"])
            unscaled = int.from_bytes(raw, "big", signed=True) if raw else 0
            return decfloat_cell(plain_decimal(unscaled, int(item["scale"])), key_text=None)
        if name == "io.debezium.time.Date":
            return date_cell(EPOCH_DATE + datetime.timedelta(days=int(item)))
        if name == "io.debezium.time.Time":
            millis = int(item)
            cell = time_cell(millis // 3600000, millis // 60000 % 60, millis // 1000 % 60)
            if millis % 1000:
                cell.value += f".{millis % 1000:03d}"  # Db2 TIME has no fraction: show the bug
            return cell
        if name in ("io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp",
                    "io.debezium.time.NanoTimestamp"):
            per_second, default_digits = {"io.debezium.time.Timestamp": (1000, 3),
                                          "io.debezium.time.MicroTimestamp": (10**6, 6),
                                          "io.debezium.time.NanoTimestamp": (10**9, 9)}[name]
            count = int(item)
            seconds, fraction = divmod(count, per_second)
            nanos = fraction * (10**9 // per_second)
            return timestamp_cell(EPOCH + datetime.timedelta(seconds=seconds), nanos,
                                  digits if digits is not None else default_digits)
        if kind in ("int8", "int16", "int32", "int64"):
            return int_cell(item)
        if kind == "boolean":
            return bool_cell(item)
        if kind == "float":
            return real_cell(float(item))
        if kind == "double":
            number = float(item)  # JsonConverter writes NaN/Infinity as strings
            return double_cell(number)
        if kind == "bytes":
            return binary_cell(b64decode_strict(item))
        if kind == "string":
            return text_cell(item)
        raise ValueError(f"{schema.get('field')}: unsupported Connect schema {kind} {name}")


# java.sql.Types codes in canal_json's sqlType
CANAL_INTEGERS = {-7, -6, 4, 5, -5}
CANAL_DECIMALS = {2, 3}
CANAL_BINARY = {-2, -3, -4, 2004}


class CanalJsonDecoder:
    def __init__(self, args):
        self.args = args

    def decode(self, partition, offset, value):
        if value is None:
            return None
        document = json.loads(value)
        if document.get("isDdl"):
            return None
        if document.get("database") != self.args.schema or document.get("table") != self.args.table_name:
            return None
        if document.get("type") != "INSERT":
            return RowRecord(partition, offset, f"type {document.get('type')}", False, None)
        rows = document.get("data")
        if not isinstance(rows, list) or not rows:
            raise ValueError("INSERT without data")
        sql_types = document.get("sqlType") or {}
        records = []
        for row in rows:
            cells = collections.OrderedDict()
            for name, text in row.items():
                if name not in sql_types:
                    raise ValueError(f"column {name} has no sqlType")
                cells[name] = self.cell(sql_types[name], text)
            records.append(RowRecord(partition, offset, "type INSERT", True, cells))
        return records

    @staticmethod
    def cell(sql_type, text):
        if text is None:
            return null_cell()
        if not isinstance(text, str):
            raise ValueError(f"value {text!r} is not a string")
        if sql_type in CANAL_INTEGERS:
            cell = int_cell(int(text))
        elif sql_type in CANAL_DECIMALS:
            cell = decimal_cell(text)
        elif sql_type == -360:
            cell = decfloat_cell(text)
        elif sql_type == 7:
            cell = real_cell(float(text))
        elif sql_type in (6, 8):
            cell = double_cell(float(text))
        elif sql_type in CANAL_BINARY:
            cell = binary_cell(b64decode_strict(text))
        elif sql_type == 91:
            cell = date_cell(datetime.date.fromisoformat(text))
        elif sql_type == 92:
            cell = time_from_text(text)
        elif sql_type == 93:
            cell = timestamp_from_text(text)
        elif sql_type == 16:
            if text not in ("true", "false"):
                raise ValueError(f"BOOLEAN {text!r}")
            cell = bool_cell(text == "true")
        else:
            cell = text_cell(text)
        cell.key_text = text  # canal's value text is the key text (value_text rules)
        return cell


class ShareplexJsonDecoder:
    def __init__(self, args):
        self.args = args

    def decode(self, partition, offset, value):
        if value is None:
            return None
        document = json.loads(value)
        meta = document.get("meta") or {}
        op = meta.get("op")
        if op in ("ddl", "truncate"):
            return None
        if meta.get("table") != f"{self.args.schema}.{self.args.table_name}":
            return None
        if op != "ins":
            return RowRecord(partition, offset, f"op {op}", False, None)
        data = document.get("data")
        if not isinstance(data, dict):
            raise ValueError("ins without data")
        cells = collections.OrderedDict()
        for name, text in data.items():
            if text is not None and not isinstance(text, str):
                raise ValueError(f"column {name}: value {text!r} is not a string")
            cells[name] = null_cell() if text is None else Cell(text, "untyped", text)
        return RowRecord(partition, offset, "op ins", True, cells)


DECODERS = {"dts_avro": DtsAvroDecoder, "debezium_json": DebeziumJsonDecoder,
            "canal_json": CanalJsonDecoder, "shareplex_json": ShareplexJsonDecoder}


# ---------------------------------------------------------------- Kafka

def read_topic(bootstrap, topic, timeout):
    """Every record of every partition, low to the high watermark at start:
    ([(partition, offset, key, value)], partition count)."""
    from confluent_kafka import Consumer, KafkaException, TopicPartition
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"verify-topic-{uuid.uuid4()}",
                         "enable.auto.commit": False, "enable.partition.eof": False,
                         "auto.offset.reset": "earliest"})
    try:
        metadata = consumer.list_topics(topic, timeout=timeout)
        topic_metadata = metadata.topics.get(topic)
        if topic_metadata is None or topic_metadata.error is not None:
            error = topic_metadata.error if topic_metadata is not None else "not found"
            raise InputError(f"topic {topic} on {bootstrap}: {error}")
        partitions = sorted(topic_metadata.partitions)
        ends, assignment = {}, []
        for p in partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)
            if high > low:
                ends[p] = high
                assignment.append(TopicPartition(topic, p, low))
        records = []
        if assignment:
            consumer.assign(assignment)
        import time
        deadline = time.monotonic() + timeout
        while ends:
            if time.monotonic() > deadline:
                raise InputError(f"topic {topic}: timed out after {timeout}s with partitions "
                                 f"{sorted(ends)} not read to their high watermarks")
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                raise InputError(f"topic {topic}: {message.error()}")
            p = message.partition()
            if p not in ends:
                continue
            records.append((p, message.offset(), message.key(), message.value()))
            if message.offset() + 1 >= ends[p]:
                del ends[p]
        return records, len(partitions)
    except KafkaException as error:
        raise InputError(f"topic {topic} on {bootstrap}: {error}") from error
    finally:
        consumer.close()


# ---------------------------------------------------------------- the check

def load_expected(path):
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line, object_pairs_hook=collections.OrderedDict)
                except json.JSONDecodeError as error:
                    raise InputError(f"{path}:{number}: not JSON: {error}") from error
                if not isinstance(row, dict):
                    raise InputError(f"{path}:{number}: not a JSON object")
                rows.append(row)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error}") from error
    return rows


def canonical(value):
    """A hashable, type-exact form of a JSON value (1, 1.0 and True stay apart)."""
    return (type(value).__name__ if not isinstance(value, float) or not math.isnan(value) else "nan",
            value if not isinstance(value, float) or not math.isnan(value) else 0)


class Checker:
    def __init__(self, args, expected_rows):
        self.args = args
        self.expected_rows = expected_rows
        self.key_columns = args.key_columns
        self.columns = list(expected_rows[0].keys()) if expected_rows else None
        self.column_kinds = {}
        for row in expected_rows:
            for name, value in row.items():
                kind = json_kind(value)
                if kind is not None and self.column_kinds.get(name) not in (kind, "mixed"):
                    self.column_kinds[name] = kind if name not in self.column_kinds else "mixed"
        self.problems = collections.defaultdict(list)
        self.counts = collections.Counter()

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
        columns = self.key_columns or self.columns or list(record.cells.keys())
        key = []
        for c in columns:
            cell = record.cells.get(c)
            if cell is None:
                return None
            value = cell.value
            if cell.kind == "untyped":
                value = untyped_key_value(value, self.column_kinds.get(c))
            key.append(canonical(value))
        return tuple(key)

    def row_differences(self, expected, record):
        differences = []
        for name, value in expected.items():
            cell = record.cells.get(name)
            if cell is None:
                differences.append(f"{name}: absent from the record, expected "
                                   f"{shown(value)}")
            elif not cell_matches(value, cell):
                differences.append(f"{name}: expected {shown(value)}, "
                                   f"record has {cell.shown()}")
        if not self.args.ignore_extra_columns:
            for name, cell in record.cells.items():
                if name not in expected:
                    differences.append(f"{name}: not among the expected columns, record has "
                                       f"{cell.shown()}")
        return differences

    @staticmethod
    def content(record):
        return json.dumps([[n, c.kind, c.value] for n, c in record.cells.items()],
                          ensure_ascii=False, default=str)

    @staticmethod
    def describe(row):
        text = shown(row)
        return text if len(text) <= 300 else text[:300] + "…"

    def describe_record(self, record):
        return self.describe({n: c.value for n, c in record.cells.items()}) + f" at {record.where()}"

    def compare(self, records):
        expected_by_key = collections.OrderedDict()
        for number, row in enumerate(self.expected_rows, 1):
            key = self.expected_key(row, number)
            if key in expected_by_key and self.key_columns:
                raise InputError(f"{self.args.expected}: key {self.key_text(key)} appears in rows "
                                 f"{expected_by_key[key][0][0]} and {number}; --key-columns must "
                                 "identify a row")
            expected_by_key.setdefault(key, []).append((number, row))
        received_by_key = collections.OrderedDict()
        for record in records:
            key = self.received_key(record)
            received_by_key.setdefault(key, []).append(record)
        if not self.key_columns:
            self.pair_untyped_rows(expected_by_key, received_by_key)

        matched_keys = set()
        for key, expected in expected_by_key.items():
            received = received_by_key.get(key, [])
            matched_keys.add(key)
            if self.key_columns:
                self.compare_keyed(key, expected[0][1], received)
            else:
                self.compare_whole_rows(expected, received)
        unexpected = [(k, r) for k, rs in received_by_key.items() if k not in matched_keys for r in rs]
        missing_rows = [row for k, rows in expected_by_key.items() if not received_by_key.get(k)
                        for _, row in rows]
        for _, record in unexpected:
            hint = ""
            if not self.key_columns and missing_rows:
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
        seen = collections.OrderedDict()
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
        for record in records:
            if policy == "partition0":
                key_text, want = None, 0
            elif policy == "table":
                key_text = f"{self.args.schema}.{self.args.table_name}"
                want = java_partition(key_text, partitions)
            else:
                if not columns:
                    key_text, want = None, 0
                else:
                    texts = []
                    for c in columns:
                        cell = record.cells.get(c)
                        if cell is None or cell.key_text is None:
                            self.note("partition_errors",
                                      f"{record.where()}: cannot build the primary_key text: "
                                      f"column {c} is {'absent' if cell is None else 'of a type whose key text this format does not carry'}")
                            texts = None
                            break
                        texts.append(cell.key_text)
                    if texts is None:
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
    raw, partitions = read_topic(args.bootstrap, args.topic, args.timeout)
    checker = Checker(args, expected_rows)
    rows, skipped = [], 0
    for partition, offset, _key, value in raw:
        try:
            decoded = decoder.decode(partition, offset, value)
        except Exception as error:  # any decoding failure is a finding, not a crash
            checker.note("undecodable", f"partition {partition} offset {offset}: "
                                        f"{type(error).__name__}: {error}")
            continue
        if decoded is None:
            skipped += 1
            continue
        for record in decoded if isinstance(decoded, list) else [decoded]:
            if record.snapshot:
                rows.append(record)
            else:
                checker.note("other_operations", f"{record.where()}: {record.operation}")
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

    print(f"verify_topic: {args.format} topic {args.topic} ({partitions} partitions, {len(raw)} "
          f"records, {skipped} skipped: other tables, DDL, tombstones, heartbeats) table "
          f"{args.table}: expected {report['expected']} rows, received {report['received']}; "
          + ", ".join(f"{k} {report[k]}" for k in list(report)[2:-1]))
    for kind in ["missing", "unexpected", "different", "duplicates", "other_operations",
                 "undecodable", "partition_errors"]:
        if counts[kind]:
            shown = checker.problems[kind]
            print(f"{kind}: {counts[kind]}" + (f" (first {len(shown)})" if counts[kind] > len(shown) else ""))
            for text in shown:
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
