// What an encoder renders once per table (names, key columns, schema text), looked up by the
// TableSchema's address. Each cached entry holds the schema's shared_ptr, so an address is never
// reused while its entry lives. Owned by one encoder and used by its thread only.
#pragma once

#include <cstddef>
#include <memory>
#include <unordered_map>

#include "model/table_schema.h"

namespace db2kafka::encode::detail {

template <typename Info>
class TableCache {
 public:
  // Schemas replaced by DDL stay cached until this many tables accumulate; then the cache
  // restarts. A runner that shares one TableSchema per table version never comes near it.
  static constexpr size_t kMaxTables = 4096;

  // The entry for `table`, built by `build(table)` (returning an Info) on first sight.
  template <typename Build>
  const Info& Find(const std::shared_ptr<const model::TableSchema>& table, Build&& build) {
    const model::TableSchema* const address = table.get();
    if (auto found = entries_.find(address); found != entries_.end()) return found->second.info;
    if (entries_.size() >= kMaxTables) entries_.clear();
    return entries_.emplace(address, Entry{table, build(table)}).first->second.info;
  }

 private:
  struct Entry {
    std::shared_ptr<const model::TableSchema> table;  // keeps the address unique while cached
    Info info;
  };
  std::unordered_map<const model::TableSchema*, Entry> entries_;
};

}  // namespace db2kafka::encode::detail
