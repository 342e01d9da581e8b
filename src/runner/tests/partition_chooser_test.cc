#include "runner/partition_chooser.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/hex.h"

namespace db2kafka::runner {
namespace {

using kafka::PartitionPolicy;

model::Decimal Dec(std::string_view text) { return model::Decimal::Parse(text).value(); }

model::ColumnSchema Column(std::string name, model::Db2Type type, int32_t key_position = 0,
                           int32_t scale = 0) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.type = type;
  column.scale = scale;
  column.key_position = key_position;
  column.nullable = key_position == 0;
  return column;
}

// APP.ORDERS at the source, renamed to sales.orders; primary key (ID, REGION). Like
// ReadSyncTables, the partition columns are the rule's partition_key when given, else the key.
SyncTable OrdersTable(std::vector<size_t> partition_key = {}) {
  model::TableSchema destination;
  destination.database = "SAMPLE";
  destination.schema = "sales";
  destination.table = "orders";
  destination.primary_key_name = "PK_ORDERS";
  destination.columns = {
      Column("ID", model::Db2Type::kInteger, 1),
      Column("REGION", model::Db2Type::kVarchar, 2),
      Column("AMOUNT", model::Db2Type::kDecimal, 0, 2),
      Column("CREATED", model::Db2Type::kTimestamp, 0, 6),
      Column("TAG", model::Db2Type::kVarbinary),
      Column("NOTE", model::Db2Type::kVarchar),
  };
  SyncTable table;
  table.name = "APP.ORDERS";
  table.shaped.source = {"APP", "ORDERS"};
  table.shaped.partition_key = partition_key;
  table.partition_columns =
      partition_key.empty() ? destination.KeyColumnIndexes() : std::move(partition_key);
  table.shaped.destination = destination;
  table.destination = std::make_shared<const model::TableSchema>(std::move(destination));
  return table;
}

SyncTable KeylessTable() {
  SyncTable table = OrdersTable();
  model::TableSchema destination = *table.destination;
  for (model::ColumnSchema& column : destination.columns) column.key_position = 0;
  destination.primary_key_name.clear();
  table.partition_columns = destination.KeyColumnIndexes();
  table.destination = std::make_shared<const model::TableSchema>(std::move(destination));
  return table;
}

model::Row OrderRow(int32_t id, std::string region) {
  return {id,
          model::String{std::move(region)},
          Dec("12.50"),
          model::Timestamp{{2024, 1, 31}, {13, 14, 15}, 123'456'000'000, 6},
          model::Bytes{std::string("\x00\xAB\x10", 3)},
          model::Null{}};
}

model::ChangeEvent Event(const SyncTable& table, model::Operation operation, model::Row before,
                         model::Row after) {
  model::ChangeEvent event;
  event.operation = operation;
  event.table = table.destination;
  event.before = std::move(before);
  event.after = std::move(after);
  return event;
}

model::ChangeEvent Insert(const SyncTable& table, model::Row after) {
  return Event(table, model::Operation::kInsert, {}, std::move(after));
}

TEST(PartitionChooser, Partition0SendsEverythingToZero) {
  const SyncTable table = OrdersTable();
  PartitionChooser chooser(PartitionPolicy::kPartition0);
  for (const int32_t id : {1, 2, 3, 42, 1000}) {
    const model::ChangeEvent event = Insert(table, OrderRow(id, "EU"));
    EXPECT_EQ(chooser.KeyString(table, event), "");
    EXPECT_EQ(chooser.Choose(table, event, 12), 0);
  }
}

TEST(PartitionChooser, TableHashesTheDestinationNames) {
  const SyncTable table = OrdersTable();
  PartitionChooser chooser(PartitionPolicy::kTable);
  const model::ChangeEvent insert = Insert(table, OrderRow(1, "EU"));
  const model::ChangeEvent other = Insert(table, OrderRow(2, "US"));
  model::ChangeEvent ddl = Event(table, model::Operation::kDdl, {}, {});
  ddl.ddl = "CREATE TABLE sales.orders (ID INTEGER NOT NULL)";
  // The renamed names, not the source's APP.ORDERS.
  EXPECT_EQ(chooser.KeyString(table, insert), "sales.orders");
  EXPECT_EQ(chooser.KeyString(table, ddl), "sales.orders");
  for (const int32_t count : {1, 3, 7, 12, 64}) {
    const int32_t expected = kafka::ChoosePartition(PartitionPolicy::kTable, "sales.orders", count);
    EXPECT_EQ(chooser.Choose(table, insert, count), expected) << count;
    EXPECT_EQ(chooser.Choose(table, other, count), expected) << count;
    EXPECT_EQ(chooser.Choose(table, ddl, count), expected) << "DDL follows its table";
  }
}

TEST(PartitionChooser, PrimaryKeyJoinsTheKeyValuesText) {
  const SyncTable table = OrdersTable();
  PartitionChooser chooser(PartitionPolicy::kPrimaryKey);
  const model::ChangeEvent insert = Insert(table, OrderRow(42, "EU"));
  EXPECT_EQ(chooser.KeyString(table, insert), "42|EU");
  for (const int32_t count : {1, 3, 7, 12, 64}) {
    EXPECT_EQ(chooser.Choose(table, insert, count),
              kafka::ChoosePartition(PartitionPolicy::kPrimaryKey, "42|EU", count));
  }
  EXPECT_EQ(chooser.KeyString(table, Insert(table, OrderRow(-7, "Zoë|x"))), "-7|Zoë|x");
}

TEST(PartitionChooser, PrimaryKeyUsesAfterImagesAndBeforeForDeletes) {
  const SyncTable table = OrdersTable();
  PartitionChooser chooser(PartitionPolicy::kPrimaryKey);
  const model::Row old_row = OrderRow(1, "EU");
  const model::Row new_row = OrderRow(2, "US");
  EXPECT_EQ(chooser.KeyString(table, Event(table, model::Operation::kSnapshotRead, {}, new_row)),
            "2|US");
  EXPECT_EQ(chooser.KeyString(table, Event(table, model::Operation::kInsert, {}, new_row)), "2|US");
  // An UPDATE that changes the key goes where the new key's rows go.
  EXPECT_EQ(chooser.KeyString(table, Event(table, model::Operation::kUpdate, old_row, new_row)),
            "2|US");
  EXPECT_EQ(chooser.KeyString(table, Event(table, model::Operation::kUpdate, {}, new_row)), "2|US");
  // A DELETE goes where the row's INSERT went, even if an after image is present.
  EXPECT_EQ(chooser.KeyString(table, Event(table, model::Operation::kDelete, old_row, {})), "1|EU");
  EXPECT_EQ(chooser.KeyString(table, Event(table, model::Operation::kDelete, old_row, new_row)),
            "1|EU");
  const model::ChangeEvent insert = Event(table, model::Operation::kInsert, {}, old_row);
  const model::ChangeEvent remove = Event(table, model::Operation::kDelete, old_row, {});
  for (const int32_t count : {3, 7, 12}) {
    EXPECT_EQ(chooser.Choose(table, insert, count), chooser.Choose(table, remove, count));
  }
}

TEST(PartitionChooser, PrimaryKeyTextOfEachKind) {
  // Every column is a partition key column here (as an objects rule's partition_key may say).
  const SyncTable table = OrdersTable({0, 1, 2, 3, 4, 5});
  PartitionChooser chooser(PartitionPolicy::kPrimaryKey);
  EXPECT_EQ(chooser.KeyString(table, Insert(table, OrderRow(42, "EU"))),
            "42|EU|12.50|2024-01-31 13:14:15.123456|00ab10|");

  const auto key_of = [&](const model::Value& value) {
    const SyncTable one = OrdersTable({0});
    return chooser.KeyString(one, Insert(one, {value}));
  };
  EXPECT_EQ(key_of(model::Null{}), "");
  EXPECT_EQ(key_of(int16_t{-32768}), "-32768");
  EXPECT_EQ(key_of(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(key_of(Dec("0.00")), "0.00");
  EXPECT_EQ(key_of(Dec("-1.50")), "-1.50");
  EXPECT_EQ(key_of(Dec("1234567890123456789012345678901")), "1234567890123456789012345678901");
  EXPECT_EQ(key_of(model::Bytes{std::string("\xDE\xAD\x00\xBE\xEF", 5)}), "dead00beef");
  EXPECT_EQ(key_of(model::Bytes{""}), "");
  EXPECT_EQ(key_of(model::Date{1, 1, 1}), "0001-01-01");
  EXPECT_EQ(key_of(model::Time{24, 0, 0}), "24:00:00");
  EXPECT_EQ(key_of(model::Timestamp{{2024, 1, 31}, {13, 14, 15}, 123'456'789'012, 0}),
            "2024-01-31 13:14:15");
  EXPECT_EQ(key_of(model::Timestamp{{2024, 1, 31}, {13, 14, 15}, 120'000'000'000, 3}),
            "2024-01-31 13:14:15.120");
  EXPECT_EQ(key_of(model::Timestamp{{2024, 1, 31}, {13, 14, 15}, 123'456'000'000, 6}),
            "2024-01-31 13:14:15.123456");
  EXPECT_EQ(key_of(model::Timestamp{{2024, 1, 31}, {13, 14, 15}, 123'456'789'012, 12}),
            "2024-01-31 13:14:15.123456789012");
  EXPECT_EQ(key_of(model::String{"Grüße 中文"}), "Grüße 中文");
  EXPECT_EQ(key_of(true), "true");
}

TEST(PartitionChooser, NullKeyValuesAreEmpty) {
  const SyncTable table = OrdersTable({5, 0, 5});
  PartitionChooser chooser(PartitionPolicy::kPrimaryKey);
  EXPECT_EQ(chooser.KeyString(table, Insert(table, OrderRow(42, "EU"))), "|42|");
}

TEST(PartitionChooser, PartitionKeyOverridesThePrimaryKey) {
  // objects[].partition_key: [REGION]: every order of a region in one partition.
  const SyncTable table = OrdersTable({1});
  PartitionChooser chooser(PartitionPolicy::kPrimaryKey);
  const model::ChangeEvent first = Insert(table, OrderRow(1, "EU"));
  const model::ChangeEvent second = Insert(table, OrderRow(2, "EU"));
  EXPECT_EQ(chooser.KeyString(table, first), "EU");
  EXPECT_EQ(chooser.KeyString(table, second), "EU");
  for (const int32_t count : {3, 7, 12}) {
    EXPECT_EQ(chooser.Choose(table, first, count),
              kafka::ChoosePartition(PartitionPolicy::kPrimaryKey, "EU", count));
    EXPECT_EQ(chooser.Choose(table, first, count), chooser.Choose(table, second, count));
  }
  // The order of partition_key is kept, not the table's column order.
  const SyncTable reordered = OrdersTable({1, 0});
  EXPECT_EQ(chooser.KeyString(reordered, Insert(reordered, OrderRow(1, "EU"))), "EU|1");
}

TEST(PartitionChooser, DdlGoesToZeroUnderPrimaryKey) {
  const SyncTable table = OrdersTable();
  PartitionChooser chooser(PartitionPolicy::kPrimaryKey);
  // A DDL event carries no row; even one that did must not be hashed.
  model::ChangeEvent ddl = Event(table, model::Operation::kDdl, {}, OrderRow(42, "EU"));
  ddl.ddl = "CREATE TABLE sales.orders (ID INTEGER NOT NULL)";
  EXPECT_EQ(chooser.KeyString(table, ddl), "");
  for (const int32_t count : {1, 3, 12}) EXPECT_EQ(chooser.Choose(table, ddl, count), 0);
}

TEST(PartitionChooser, TableWithoutKeyGoesToZeroUnderPrimaryKey) {
  const SyncTable table = KeylessTable();
  ASSERT_TRUE(table.partition_columns.empty());
  PartitionChooser chooser(PartitionPolicy::kPrimaryKey);
  for (const int32_t id : {1, 2, 42}) {
    const model::ChangeEvent insert = Insert(table, OrderRow(id, "EU"));
    EXPECT_EQ(chooser.KeyString(table, insert), "");
    EXPECT_EQ(chooser.Choose(table, insert, 12), 0);
  }
  // ...but follows its table under the table policy.
  PartitionChooser by_table(PartitionPolicy::kTable);
  EXPECT_EQ(by_table.KeyString(table, Insert(table, OrderRow(1, "EU"))), "sales.orders");
}

// The key strings the chooser builds, partitioned by the JVM (src/kafka/tests/JavaPartitioner.java,
// as kafka's partitioner_test runs it), so a Java consumer recomputes the same partitions.
TEST(PartitionChooser, AgreesWithTheJvm) {
  PartitionChooser by_key(PartitionPolicy::kPrimaryKey);
  PartitionChooser by_table(PartitionPolicy::kTable);
  const SyncTable table = OrdersTable();
  const SyncTable every_column = OrdersTable({0, 1, 2, 3, 4, 5});
  struct Case {
    PartitionChooser* chooser;
    const SyncTable* table;
    model::ChangeEvent event;
  };
  std::vector<Case> cases = {
      {&by_table, &table, Insert(table, OrderRow(1, "EU"))},
      {&by_key, &table, Insert(table, OrderRow(42, "EU"))},
      {&by_key, &table, Insert(table, OrderRow(-2147483647 - 1, "Zoë · 中文 · \xf0\x9f\x98\x80"))},
      {&by_key, &table,
       Event(table, model::Operation::kDelete, OrderRow(7, "polygenelubricants"), {})},
      {&by_key, &every_column, Insert(every_column, OrderRow(123456789, "US"))},
  };
  const std::vector<int32_t> counts = {1, 2, 3, 7, 12, 64};

  std::vector<std::string> keys;
  const std::string input_path = testing::TempDir() + "/partition_chooser_vectors.txt";
  const std::string output_path = testing::TempDir() + "/partition_chooser_java.txt";
  {
    std::ofstream input(input_path);
    for (Case& c : cases) {
      keys.push_back(c.chooser->KeyString(*c.table, c.event));
      ASSERT_FALSE(keys.back().empty());
      for (const int32_t count : counts) {
        input << base::HexLower(keys.back()) << ' ' << count << '\n';
      }
    }
  }
  const std::string command = "java " + std::string(DB2KAFKA_SOURCE_DIR) +
                              "/src/kafka/tests/JavaPartitioner.java < " + input_path + " > " +
                              output_path;
  ASSERT_EQ(std::system(command.c_str()), 0) << "the JVM could not run: " << command;

  std::ifstream output(output_path);
  for (size_t i = 0; i < cases.size(); ++i) {
    for (const int32_t count : counts) {
      int64_t java_hash = 0;
      int32_t java_partition = -1;
      ASSERT_TRUE(output >> java_hash >> java_partition) << "JVM output ended early";
      EXPECT_EQ(cases[i].chooser->Choose(*cases[i].table, cases[i].event, count), java_partition)
          << "key \"" << keys[i] << "\", " << count << " partitions";
    }
  }
}

}  // namespace
}  // namespace db2kafka::runner
