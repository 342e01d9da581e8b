#!/usr/bin/env python3
"""Latency of db2kafka's incremental phase, split at the moment a change became readable.

usage: incremental_latency.py --bootstrap HOST:PORT --topic T --visible FILE [--expected N]

Reads every debezium_json record of T (a topic created with message.timestamp.type=LogAppendTime,
so each record's timestamp is when the broker appended it) and, for each captured change:
  commit   source.ts_ms: the transaction's commit time (IBMSNAP_UOW.IBMSNAP_LOGMARKER)
  visible  the first time the capture schema's highest synchpoint reached source.commit_lsn, as
           IncrementalLoad's watcher saw it (FILE: "epoch_ms synchpoint_hex" lines): when Capture
           had made the change readable
  appended the record's LogAppendTime
and prints p50 / p99 / max of: Capture's delay (visible - commit), db2kafka's own (appended -
visible) and the total (appended - commit), in milliseconds, as key=value pairs.
"""

import argparse
import bisect
import json
import sys

from confluent_kafka import Consumer, TopicPartition, TIMESTAMP_LOG_APPEND_TIME


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def read_visible(path):
    times, points = [], []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            ms, _, hex_point = line.strip().partition(" ")
            if hex_point:
                times.append(int(ms))
                points.append(int(hex_point, 16))
    return times, points


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--visible", required=True)
    parser.add_argument("--expected", type=int, default=0)
    args = parser.parse_args()
    visible_times, visible_points = read_visible(args.visible)

    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "bench-latency",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    metadata = consumer.list_topics(args.topic, timeout=30)
    partitions = [TopicPartition(args.topic, p, 0) for p in metadata.topics[args.topic].partitions]
    consumer.assign(partitions)
    ends = {p.partition: consumer.get_watermark_offsets(p, timeout=30)[1] for p in partitions}
    positions = {p: 0 for p in ends}
    capture, own, total = [], [], []
    unmatched = wrong_timestamps = 0
    while any(positions[p] < ends[p] for p in ends):
        message = consumer.poll(5.0)
        if message is None:
            break
        if message.error():
            continue
        positions[message.partition()] = message.offset() + 1
        if message.value() is None:
            continue
        value = json.loads(message.value())
        payload = value.get("payload", value)
        source = payload.get("source") or {}
        commit_lsn = source.get("commit_lsn")
        if payload.get("op") not in ("c", "u", "d") or not commit_lsn:
            continue
        kind, appended = message.timestamp()
        if kind != TIMESTAMP_LOG_APPEND_TIME:
            wrong_timestamps += 1
            continue
        commit_ms = source["ts_ms"]
        at = bisect.bisect_left(visible_points, int(commit_lsn.replace(":", ""), 16))
        if at == len(visible_points):
            unmatched += 1
            continue
        visible = visible_times[at]
        capture.append(visible - commit_ms)
        own.append(appended - visible)
        total.append(appended - commit_ms)
    consumer.close()
    if wrong_timestamps:
        print(f"incremental_latency: {wrong_timestamps} records without LogAppendTime", file=sys.stderr)
        return 2
    if args.expected and len(total) != args.expected:
        print(f"incremental_latency: {len(total)} changes measured, {args.expected} expected "
              f"({unmatched} not matched to a synchpoint)", file=sys.stderr)
        return 1
    fields = {"changes": len(total), "unmatched": unmatched}
    for name, values in (("capture", capture), ("own", own), ("total", total)):
        for label, fraction in (("p50", 0.50), ("p99", 0.99), ("max", 1.0)):
            fields[f"{name}_{label}_ms"] = percentile(values, fraction)
    print(" ".join(f"{key}={value}" for key, value in fields.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
