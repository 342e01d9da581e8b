// The debezium_json records that are not row changes: the schema change record Debezium writes to
// the topic named after topic.prefix (include.schema.changes=true) and the heartbeat record of
// __debezium-heartbeat.<topic.prefix>. The runner chooses those topics; these only build the
// bytes, with the schemas and field order of Debezium 3.6 and Kafka Connect's JsonConverter.
#pragma once

#include <cstdint>
#include <string_view>

#include "encode/encoder.h"
#include "model/change_event.h"

namespace db2kafka::encode::detail {

// Key io.debezium.connector.common.ServerNameKey {serverName}, value
// io.debezium.connector.common.Heartbeat {ts_ms}.
EncodedRecord MakeHeartbeatRecord(std::string_view logical_name, int64_t now_millis);

// Key io.debezium.connector.db2.SchemaChangeKey {databaseName}, value
// io.debezium.connector.db2.SchemaChangeValue {source, ts_ms, databaseName, schemaName, ddl,
// tableChanges}. The change type (CREATE, ALTER, DROP) is the DDL text's first keyword; the table
// description is the event's table as db2kafka knows it after the change.
EncodedRecord MakeSchemaChangeRecord(const model::ChangeEvent& event, std::string_view logical_name,
                                     int64_t now_millis);

}  // namespace db2kafka::encode::detail
