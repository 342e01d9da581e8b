"""Decoders of the four record formats for verify_topic.py: each turns one Kafka record value
into row records of the checked table (cells in JdbcJsonDump's rendering), None for a record to
skip (another table, DDL, tombstone, heartbeat), or raises for a record that does not decode."""

import collections
import datetime
import io
import json
import os
import sys

from verify_cells import (EPOCH, EPOCH_DATE, Cell, InputError, b64decode_strict, binary_cell,
                          bool_cell, date_cell, decfloat_cell, decimal_cell, double_cell, int_cell,
                          null_cell, plain_decimal, real_cell, text_cell, time_cell,
                          time_from_text, timestamp_cell, timestamp_from_parts,
                          timestamp_from_text)

class RowRecord:
    """One row record of the checked table. The columns are kept as parallel tuples, which are
    cheap to send from a decoding process and to compare; `cells` rebuilds the Cell objects for
    the slow paths (differences, messages)."""

    __slots__ = ("partition", "offset", "operation", "snapshot", "names", "values", "kinds",
                 "key_texts", "notes")

    def __init__(self, partition, offset, operation, snapshot, cells):
        self.partition, self.offset = partition, offset
        self.operation, self.snapshot = operation, snapshot
        cells = cells or {}
        self.names = tuple(cells)
        self.values = tuple(c.value for c in cells.values())
        self.kinds = tuple(c.kind for c in cells.values())
        self.key_texts = tuple(c.key_text for c in cells.values())
        notes = tuple(c.note for c in cells.values())
        self.notes = notes if any(notes) else None

    def __reduce__(self):
        return (_restore_row_record, (self.partition, self.offset, self.operation, self.snapshot,
                                      self.names, self.values, self.kinds, self.key_texts,
                                      self.notes))

    def intern(self, table):
        """Shares the names and kinds tuples with equal earlier ones (pickled once per batch)."""
        self.names = table.setdefault(self.names, self.names)
        self.kinds = table.setdefault(self.kinds, self.kinds)
        return self

    @property
    def cells(self):
        notes = self.notes or (None,) * len(self.names)
        return collections.OrderedDict(
            (n, Cell(v, k, t, note))
            for n, v, k, t, note in zip(self.names, self.values, self.kinds, self.key_texts, notes))

    def where(self):
        return f"partition {self.partition} offset {self.offset}"


def _restore_row_record(partition, offset, operation, snapshot, names, values, kinds, key_texts,
                        notes):
    record = RowRecord.__new__(RowRecord)
    record.partition, record.offset, record.operation, record.snapshot = (partition, offset,
                                                                         operation, snapshot)
    record.names, record.values, record.kinds = names, values, kinds
    record.key_texts, record.notes = key_texts, notes
    return record


def unescape_object_name(name):
    return [part.replace("\\u002E", ".") for part in name.split(".")]


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "src",
                                "encode", "tests"))
from dts_avro_decode import load_record_schema  # noqa: E402  (fastavro only, no db2kafka code)

BRANCHES = {}  # union branch full name -> short name


class DtsAvroDecoder:
    def __init__(self, args):
        import fastavro
        self.schemaless_reader = fastavro.schemaless_reader
        try:
            self.schema = load_record_schema(args.avro_schema)
        except SystemExit as error:  # its way of reporting a schema that is not the Record's
            raise InputError(str(error)) from None
        self.args = args
        self.object_names = {}  # objectName -> whether it names the checked table

    def decode(self, partition, offset, value):
        if value is None:
            return None
        stream = io.BytesIO(value)
        record = self.schemaless_reader(stream, self.schema, None, return_record_name=True)
        if stream.tell() != len(value):
            raise ValueError(f"{len(value) - stream.tell()} bytes left over after the Record")
        operation = record["operation"]
        object_name = record["objectName"]
        if operation in ("DDL", "HEARTBEAT") or object_name is None:
            return None
        if not self.is_checked_table(object_name):
            return None
        if operation != "INSERT":
            return RowRecord(partition, offset, operation, False, None)
        fields = record["fields"] or []
        images = record["afterImages"]
        if not isinstance(images, list) or len(images) != len(fields):
            raise ValueError(f"afterImages has {len(images) if isinstance(images, list) else images!r}"
                             f" items for {len(fields)} fields")
        cells = {}
        for field, item in zip(fields, images):
            cells[field["name"]] = self.cell(field, item)
        return RowRecord(partition, offset, operation, True, cells)

    def is_checked_table(self, object_name):
        ours = self.object_names.get(object_name)
        if ours is None:
            ours = self.object_names[object_name] = self.names_table(object_name)
        return ours

    def names_table(self, object_name):
        parts = unescape_object_name(object_name)
        if len(parts) not in (2, 3) or parts[-2:] != [self.args.schema, self.args.table_name]:
            return False
        return self.args.database is None or (len(parts) == 3 and parts[0] == self.args.database)

    def cell(self, field, item):
        if item is None:
            return null_cell()
        branch, value = item
        branch = BRANCHES.get(branch) or BRANCHES.setdefault(branch, branch.rsplit(".", 1)[-1])
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
        cells = {}
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


class JsonRowDecoder:
    """canal_json and shareplex_json: one JSON document per record. A subclass's `select` says
    whether the document is a row record of the checked table (None: skip it) and which
    operation it is; `rows` turns a snapshot/insert document into the cells of its rows."""

    def __init__(self, args):
        self.args = args

    def decode(self, partition, offset, value):
        if value is None:
            return None
        document = json.loads(value)
        selected = self.select(document)
        if selected is None:
            return None
        operation, snapshot = selected
        if not snapshot:
            return RowRecord(partition, offset, operation, False, None)
        return [RowRecord(partition, offset, operation, True, cells)
                for cells in self.rows(document)]


class CanalJsonDecoder(JsonRowDecoder):
    def select(self, document):
        if document.get("isDdl"):
            return None
        if document.get("database") != self.args.schema or document.get("table") != self.args.table_name:
            return None
        return f"type {document.get('type')}", document.get("type") == "INSERT"

    def rows(self, document):
        rows = document.get("data")
        if not isinstance(rows, list) or not rows:
            raise ValueError("INSERT without data")
        sql_types = document.get("sqlType") or {}
        for row in rows:
            cells = {}
            for name, text in row.items():
                if name not in sql_types:
                    raise ValueError(f"column {name} has no sqlType")
                cells[name] = self.cell(sql_types[name], text)
            yield cells

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


class ShareplexJsonDecoder(JsonRowDecoder):
    def select(self, document):
        meta = document.get("meta") or {}
        op = meta.get("op")
        if op in ("ddl", "truncate") or meta.get("table") != f"{self.args.schema}.{self.args.table_name}":
            return None
        return f"op {op}", op == "ins"

    def rows(self, document):
        data = document.get("data")
        if not isinstance(data, dict):
            raise ValueError("ins without data")
        cells = {}
        for name, text in data.items():
            if text is not None and not isinstance(text, str):
                raise ValueError(f"column {name}: value {text!r} is not a string")
            cells[name] = null_cell() if text is None else Cell(text, "untyped", text)
        yield cells


DECODERS = {"dts_avro": DtsAvroDecoder, "debezium_json": DebeziumJsonDecoder,
            "canal_json": CanalJsonDecoder, "shareplex_json": ShareplexJsonDecoder}
