#!/usr/bin/env bash
# Checks the capture stand-in against the running test environment (scripts/testenv up): creates
# APP.ACCT and APP.ITEM, registers them in ASN (16-byte sequences) and ASNCDC (10-byte) with both
# update styles, runs CaptureCheck.java and deregisters everything again. Exit 0 on success.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
env_file=$(realpath -m "${DB2KAFKA_TESTENV_DIR:-$repo/build/testenv}")/env.sh
[ -s "$env_file" ] || { echo "capture_test: $env_file missing: run scripts/testenv up" >&2; exit 1; }
# shellcheck disable=SC1090
. "$env_file"
capture=$repo/scripts/capture
ij() {
  java -XX:TieredStopAtLevel=1 -Dderby.stream.error.file=/dev/null -Dij.protocol=jdbc:derby: \
    -Dij.user="$DERBY_USER" -Dij.password="$DERBY_PASSWORD" -cp "$DERBY_CLASSPATH" \
    org.apache.derby.tools.ij
}
cleanup() {
  for s in ASN ASNCDC; do
    for t in ACCT ITEM; do "$capture" deregister APP "$t" --capture-schema "$s" >/dev/null 2>&1 || true; done
  done
  printf '%s\n' "connect '//$DERBY_HOST:$DERBY_PORT/$DERBY_DB';" 'drop table app.acct;' \
    'drop table app.item;' | ij >/dev/null 2>&1 || true
}
cleanup
trap cleanup EXIT
printf '%s\n' "connect '//$DERBY_HOST:$DERBY_PORT/$DERBY_DB';" \
  'create table app.acct (id int not null primary key, bal int not null);' \
  'create table app.item (id int not null primary key, name varchar(20));' | ij | grep -i error && exit 1
"$capture" register APP ACCT --capture-schema ASN --seq-width 16 --update-style del-ins
"$capture" register APP ITEM --capture-schema ASN --update-style update --before-image
"$capture" register APP ACCT --capture-schema ASNCDC --seq-width 10 --update-style update --before-image
"$capture" register APP ITEM --capture-schema ASNCDC --update-style del-ins
# A width that contradicts the capture schema is refused.
if "$capture" register APP ITEM --capture-schema ASNCDC --seq-width 16 2>/dev/null; then
  echo "capture_test: FAIL: --seq-width 16 accepted for a 10-byte capture schema"; exit 1
fi
java -cp "$DERBY_CLASSPATH" "$repo/scripts/capture-standin/test/CaptureCheck.java"
