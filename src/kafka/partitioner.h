// The DTS partition policies, with the hash Java consumers can recompute:
//   partition = Math.abs(key.hashCode() % partitionCount)
// where key is a java.lang.String built as described in docs/PARTITIONING.md. The kafka module
// sees only the key string; whoever knows the table builds it with TableKey / PrimaryKeyKey.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"

namespace db2kafka::kafka {

enum class PartitionPolicy {
  kPartition0,  // every record to partition 0: one global order
  kTable,       // hash of "schema.table": per-table order
  kPrimaryKey,  // hash of the key values: per-row order; tables without a key go to partition 0
};

base::Result<PartitionPolicy> ParsePartitionPolicy(std::string_view name);

// java.lang.String.hashCode() of the UTF-8 text, computed over its UTF-16 code units. Invalid
// UTF-8 bytes count as U+FFFD, as Java's UTF-8 decoder replaces them.
int32_t JavaStringHashCode(std::string_view utf8);

// Math.abs(hash % partition_count), never negative. partition_count must be positive.
int32_t PartitionForHash(int32_t hash, int32_t partition_count);

// "SCHEMA.TABLE", the destination names after renaming.
std::string TableKey(std::string_view schema, std::string_view table);

// The key values' text joined by '|' (a null value is empty), in key-column order.
std::string PrimaryKeyKey(std::span<const std::string_view> values);

// The partition for a record. `key` is TableKey(...) for kTable, PrimaryKeyKey(...) for
// kPrimaryKey; an empty key (DDL, or a table without a key) goes to partition 0.
int32_t ChoosePartition(PartitionPolicy policy, std::string_view key, int32_t partition_count);

}  // namespace db2kafka::kafka
