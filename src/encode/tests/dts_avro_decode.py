#!/usr/bin/env python3
"""Decodes DTS Avro records with fastavro and the published schema, independently of db2kafka.

usage: dts_avro_decode.py SCHEMA.avsc RECORDS.hex OUTPUT.jsonl

SCHEMA.avsc is the published JSON array of named types whose last is
com.alibaba.dts.formats.avro.Record. Each line of RECORDS.hex is one Kafka record value in hex.
Each output line is the decoded record as JSON, in the schema's field order. Union values that are
named records come out as [full name, record] (fastavro's return_record_name), so the union branch
is checked as well as the value; bytes become {"hex": "..."}; NaN and infinities become strings.
A record with bytes left over after the Record is an error, as is any decoding error.
"""

import io
import json
import math
import sys

import fastavro


def load_record_schema(path):
    with open(path, encoding="utf-8") as f:
        types = json.load(f)
    named = {}
    parsed = None
    for avro_type in types:
        parsed = fastavro.parse_schema(avro_type, named_schemas=named)
    if parsed is None or parsed.get("name") != "com.alibaba.dts.formats.avro.Record":
        raise SystemExit(f"{path}: the last type is not com.alibaba.dts.formats.avro.Record")
    return parsed


def to_json(value):
    if isinstance(value, (bytes, bytearray)):
        return {"hex": value.hex()}
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return repr(value)
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return value


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    schema = load_record_schema(sys.argv[1])
    with open(sys.argv[2], encoding="ascii") as records, \
            open(sys.argv[3], "w", encoding="utf-8") as output:
        for number, line in enumerate(records, 1):
            data = bytes.fromhex(line.strip())
            stream = io.BytesIO(data)
            record = fastavro.schemaless_reader(stream, schema, None, return_record_name=True)
            if stream.tell() != len(data):
                raise SystemExit(f"record {number}: {len(data) - stream.tell()} bytes left over "
                                 f"after the Record ({len(data)} bytes)")
            output.write(json.dumps(to_json(record), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
