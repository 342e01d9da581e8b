#!/usr/bin/env python3
"""Reads avro_registry records with decoders that are not db2kafka's, printing JSON lines.

  consume --bootstrap HOST:PORT --registry URL --topic T --count N [--timeout S]
      Kafka consumer (confluent_kafka) + AvroDeserializer: the writer schema of every key and
      value is fetched from the Schema Registry by the id in its Confluent header. One line per
      record: {"partition", "offset", "key", "value"} (null for a missing key or a tombstone).

  decode FILE
      fastavro alone: FILE has JSON lines {"schema": <Avro schema text>, "hex": <framed bytes>};
      checks the Confluent header and prints {"schema_id", "value"} per line.

Values are made JSON-friendly the same way in both modes: decimals as strings, dates and times in
ISO-8601, bytes as {"hex": ...}, NaN and infinities as strings.
"""
import argparse
import datetime
import decimal
import io
import json
import math
import struct
import sys
import uuid


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return {"hex": bytes(value).hex()}
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def decode(path):
    import fastavro

    parsed = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            data = bytes.fromhex(item["hex"])
            if len(data) < 5 or data[0] != 0:
                raise SystemExit(f"not Confluent framing: {item['hex'][:20]}")
            schema_id = struct.unpack(">I", data[1:5])[0]
            text = item["schema"]
            if text not in parsed:
                parsed[text] = fastavro.parse_schema(json.loads(text))
            stream = io.BytesIO(data[5:])
            value = fastavro.schemaless_reader(stream, parsed[text])
            if stream.tell() != len(data) - 5:
                raise SystemExit(f"{len(data) - 5 - stream.tell()} bytes left after the record")
            print(json.dumps({"schema_id": schema_id, "value": plain(value)}, ensure_ascii=False))


def consume(args):
    from confluent_kafka import Consumer, KafkaError, TopicPartition
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    registry_conf = {"url": args.registry}
    if args.user:
        registry_conf["basic.auth.user.info"] = f"{args.user}:{args.password}"
    registry = SchemaRegistryClient(registry_conf)
    deserializer = AvroDeserializer(registry)
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": f"avro-registry-check-{uuid.uuid4()}",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([args.topic])
    seen = 0
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=args.timeout)
    try:
        while seen < args.count and datetime.datetime.now() < deadline:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise SystemExit(f"consumer error: {message.error()}")
            key = message.key()
            value = message.value()
            decoded_key = None if key is None else deserializer(
                key, SerializationContext(args.topic, MessageField.KEY))
            decoded_value = None if value is None else deserializer(
                value, SerializationContext(args.topic, MessageField.VALUE))
            print(json.dumps({
                "partition": message.partition(),
                "offset": message.offset(),
                "key_schema_id": None if key is None else struct.unpack(">I", key[1:5])[0],
                "value_schema_id": None if value is None else struct.unpack(">I", value[1:5])[0],
                "key": plain(decoded_key),
                "value": plain(decoded_value),
            }, ensure_ascii=False), flush=True)
            seen += 1
    finally:
        consumer.close()
    if seen < args.count:
        raise SystemExit(f"read {seen} of {args.count} records from {args.topic} in {args.timeout} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    consume_parser = commands.add_parser("consume")
    consume_parser.add_argument("--bootstrap", required=True)
    consume_parser.add_argument("--registry", required=True)
    consume_parser.add_argument("--user", default="")
    consume_parser.add_argument("--password", default="")
    consume_parser.add_argument("--topic", required=True)
    consume_parser.add_argument("--count", type=int, required=True)
    consume_parser.add_argument("--timeout", type=float, default=60)
    decode_parser = commands.add_parser("decode")
    decode_parser.add_argument("file")
    args = parser.parse_args()
    if args.command == "decode":
        decode(args.file)
    else:
        consume(args)


if __name__ == "__main__":
    sys.exit(main())
