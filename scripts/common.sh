# Shared settings for the scripts; sourced, never run.
# The cache sits outside the checkout so a fresh clone reuses jars already fetched on this machine.
DB2KAFKA_CACHE=${DB2KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/db2kafka}
DB2KAFKA_KAFKA_VERSION=3.9.1
DB2KAFKA_KAFKA_LIBS=$DB2KAFKA_CACHE/kafka-$DB2KAFKA_KAFKA_VERSION/broker
DB2KAFKA_KAFKA_TOOLS_LIBS=$DB2KAFKA_CACHE/kafka-$DB2KAFKA_KAFKA_VERSION/tools
# Python with the checkers of scripts/python-requirements.txt: $DB2KAFKA_VENV/bin/python.
DB2KAFKA_VENV=$DB2KAFKA_CACHE/venv
# Apicurio Registry, built by scripts/deps from scripts/maven/schema-registry (keep the version in step).
DB2KAFKA_SCHEMA_REGISTRY_VERSION=2.4.2.Final
DB2KAFKA_SCHEMA_REGISTRY_HOME=$DB2KAFKA_CACHE/apicurio-registry-$DB2KAFKA_SCHEMA_REGISTRY_VERSION
