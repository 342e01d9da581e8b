#include "runner/object_selection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace db2kafka::runner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

config::ObjectRule SchemaRule(std::string schema, std::vector<std::string> tables = {},
                              std::vector<std::string> exclude = {}) {
  config::ObjectRule rule;
  rule.schema = std::move(schema);
  rule.tables = std::move(tables);
  rule.exclude_tables = std::move(exclude);
  return rule;
}

config::ObjectRule TableRule(std::string schema, std::string table) {
  config::ObjectRule rule;
  rule.schema = std::move(schema);
  rule.table = std::move(table);
  return rule;
}

const std::vector<SourceTableName>& Catalog() {
  static const std::vector<SourceTableName> catalog = {{"APP", "CUSTOMERS"}, {"APP", "CUST_NOTES"},
                                                       {"APP", "ORDERS"},    {"APP", "TMP_LOAD"},
                                                       {"HR", "STAFF"},      {"app", "orders"}};
  return catalog;
}

std::vector<std::string> SelectedNames(const Selection& selection) {
  std::vector<std::string> names;
  for (const SelectedTable& table : selection.tables) {
    names.push_back(table.source.schema + "." + table.source.table);
  }
  return names;
}

TEST(SelectTables, WholeSchemaIsCaseSensitive) {
  const std::vector rules = {SchemaRule("APP")};
  EXPECT_THAT(SelectedNames(SelectTables(rules, Catalog())),
              ElementsAre("APP.CUSTOMERS", "APP.CUST_NOTES", "APP.ORDERS", "APP.TMP_LOAD"));
}

TEST(SelectTables, NamesWildcardsAndExclusions) {
  const std::vector rules = {SchemaRule("APP", {"ORDERS", "CUST*", "TMP_*"}, {"TMP_*", "*NOTES"})};
  const Selection selection = SelectTables(rules, Catalog());
  EXPECT_THAT(SelectedNames(selection), ElementsAre("APP.CUSTOMERS", "APP.ORDERS"));
  EXPECT_THAT(selection.unmatched, IsEmpty());
}

TEST(SelectTables, TableRuleWinsEvenOverAnExclusion) {
  const std::vector rules = {SchemaRule("APP", {}, {"ORDERS"}), TableRule("APP", "ORDERS")};
  const Selection selection = SelectTables(rules, Catalog());
  ASSERT_EQ(selection.tables.size(), 4u);
  const SelectedTable& orders = selection.tables[2];
  EXPECT_EQ(orders.source.table, "ORDERS");
  EXPECT_EQ(orders.table_rule, 1u);
  EXPECT_EQ(orders.schema_rule, std::nullopt);  // the schema rule excludes it
  EXPECT_EQ(selection.tables[0].table_rule, std::nullopt);
  EXPECT_EQ(selection.tables[0].schema_rule, 0u);
}

TEST(SelectTables, ExactNameBeatsPatternBeatsWholeSchema) {
  const std::vector rules = {SchemaRule("APP"), SchemaRule("APP", {"CUST*"}),
                             SchemaRule("APP", {"CUSTOMERS"}), SchemaRule("APP", {"CUST*"})};
  const Selection selection = SelectTables(rules, Catalog());
  ASSERT_EQ(selection.tables.size(), 4u);
  EXPECT_EQ(selection.tables[0].schema_rule, 2u);  // CUSTOMERS: exact name
  EXPECT_EQ(selection.tables[1].schema_rule, 1u);  // CUST_NOTES: first pattern rule
  EXPECT_EQ(selection.tables[2].schema_rule, 0u);  // ORDERS: whole schema
  EXPECT_THAT(selection.unmatched, ElementsAre(HasSubstr("objects[3]: selects no table")));
}

TEST(SelectTables, ReportsRulesNamingMissingTables) {
  const std::vector rules = {TableRule("APP", "ORDRES"), SchemaRule("HR", {"STAFF", "PAY"}),
                             SchemaRule("NOPE")};
  const Selection selection = SelectTables(rules, Catalog());
  EXPECT_THAT(SelectedNames(selection), ElementsAre("HR.STAFF"));
  EXPECT_THAT(selection.unmatched,
              ElementsAre(HasSubstr("objects[0]: the source has no table APP.ORDRES"),
                          HasSubstr("objects[1].tables[1]: the source has no table HR.PAY"),
                          HasSubstr("objects[2]: selects no table of schema NOPE")));
}

TEST(MatchesPattern, StarMatchesAnyRun) {
  EXPECT_TRUE(MatchesPattern("*", ""));
  EXPECT_TRUE(MatchesPattern("A*B*C", "AXXBYBC"));
  EXPECT_TRUE(MatchesPattern("*_LOG", "APP_LOG"));
  EXPECT_FALSE(MatchesPattern("*_LOG", "APP_LOGS"));
  EXPECT_FALSE(MatchesPattern("cust*", "CUSTOMERS"));
  EXPECT_FALSE(MatchesPattern("ORDERS", "ORDERS2"));
}

model::TableSchema Orders() {
  model::TableSchema table;
  table.database = "SAMPLE";
  table.schema = "APP";
  table.table = "ORDERS";
  table.primary_key_name = "PK_ORDERS";
  table.columns = {{.name = "ID", .type = model::Db2Type::kInteger, .key_position = 1},
                   {.name = "CUSTOMER_ID", .type = model::Db2Type::kInteger},
                   {.name = "QTY", .type = model::Db2Type::kInteger},
                   {.name = "SECRET", .type = model::Db2Type::kVarchar, .length = 20},
                   {.name = "Status", .type = model::Db2Type::kChar, .length = 1}};
  return table;
}

config::TaskConfig Task(std::vector<config::ObjectRule> rules,
                        std::string capitalization = "default") {
  config::TaskConfig task;
  task.destination.topic = "db2.sample";
  task.capitalization = std::move(capitalization);
  task.objects = std::move(rules);
  return task;
}

base::Result<ShapedTable> ShapeOrders(const config::TaskConfig& task) {
  const Selection selection = SelectTables(task.objects, Catalog());
  for (const SelectedTable& selected : selection.tables) {
    if (selected.source == SourceTableName{"APP", "ORDERS"}) {
      return ShapeTable(task, selected, Orders());
    }
  }
  ADD_FAILURE() << "APP.ORDERS not selected";
  return base::Fail(base::ErrorCode::kInternal, "not selected");
}

std::vector<std::string> ColumnNames(const model::TableSchema& table) {
  std::vector<std::string> names;
  for (const model::ColumnSchema& column : table.columns) names.push_back(column.name);
  return names;
}

TEST(ShapeTable, SpecExampleRenamesExcludesAndInherits) {
  config::ObjectRule schema = SchemaRule("APP", {"ORDERS", "CUST*"}, {"TMP_*"});
  schema.rename = "PROD";
  schema.operations = {"insert", "update"};
  config::ObjectRule table = TableRule("APP", "ORDERS");
  table.rename = "ORDERS_V2";
  table.topic = "db2.orders";
  table.columns.exclude = {"SECRET"};
  table.columns.rename = {{"QTY", "QUANTITY"}};
  table.filter = "\"Status\" <> 'X' AND ID > 100";
  table.partition_key = {"CUSTOMER_ID"};
  const base::Result<ShapedTable> shaped = ShapeOrders(Task({schema, table}));
  ASSERT_TRUE(shaped.has_value()) << shaped.error().ToString();
  EXPECT_EQ(shaped->destination.database, "sample");
  EXPECT_EQ(shaped->destination.schema, "PROD");      // rename, verbatim
  EXPECT_EQ(shaped->destination.table, "ORDERS_V2");  // rename, verbatim
  EXPECT_THAT(ColumnNames(shaped->destination),
              ElementsAre("ID", "CUSTOMER_ID", "QUANTITY", "Status"));
  EXPECT_THAT(shaped->select_columns, ElementsAre("ID", "CUSTOMER_ID", "QTY", "Status"));
  EXPECT_EQ(shaped->destination.PrimaryKeyColumnIndexes(), std::vector<size_t>{0});
  EXPECT_EQ(shaped->topic, "db2.orders");
  EXPECT_EQ(shaped->filter, table.filter);
  EXPECT_THAT(shaped->partition_key, ElementsAre(1u));
  EXPECT_EQ(shaped->operations, OperationSet::FromNames(schema.operations));
  EXPECT_FALSE(shaped->operations.Contains(Operation::kDelete));
}

TEST(ShapeTable, SchemaRuleTopicAndDefaults) {
  config::ObjectRule schema = SchemaRule("APP");
  schema.topic = "db2.app";
  base::Result<ShapedTable> shaped = ShapeOrders(Task({schema}));
  ASSERT_TRUE(shaped.has_value()) << shaped.error().ToString();
  EXPECT_EQ(shaped->topic, "db2.app");
  EXPECT_EQ(shaped->operations, OperationSet::All());
  EXPECT_EQ(shaped->destination.schema, "app");
  shaped = ShapeOrders(Task({TableRule("APP", "ORDERS")}));
  ASSERT_TRUE(shaped.has_value());
  EXPECT_EQ(shaped->topic, "db2.sample");
}

TEST(ShapeTable, CapitalizationModes) {
  config::ObjectRule table = TableRule("APP", "ORDERS");
  table.columns.rename = {{"QTY", "Qty"}};
  struct Case {
    std::string policy, database, schema, table, first_column, status_column;
  };
  for (const Case& c : {Case{"default", "sample", "app", "orders", "ID", "Status"},
                        Case{"source", "SAMPLE", "APP", "ORDERS", "ID", "Status"},
                        Case{"upper", "SAMPLE", "APP", "ORDERS", "ID", "STATUS"},
                        Case{"lower", "sample", "app", "orders", "id", "status"}}) {
    const base::Result<ShapedTable> shaped = ShapeOrders(Task({table}, c.policy));
    ASSERT_TRUE(shaped.has_value()) << c.policy << ": " << shaped.error().ToString();
    EXPECT_EQ(shaped->destination.database, c.database) << c.policy;
    EXPECT_EQ(shaped->destination.schema, c.schema) << c.policy;
    EXPECT_EQ(shaped->destination.table, c.table) << c.policy;
    EXPECT_EQ(shaped->destination.columns[0].name, c.first_column) << c.policy;
    EXPECT_EQ(shaped->destination.columns[2].name, "Qty") << c.policy;  // renamed: verbatim
    EXPECT_EQ(shaped->destination.columns[4].name, c.status_column) << c.policy;
  }
}

TEST(ShapeTable, ReportsEveryProblemNamingTheRule) {
  config::ObjectRule table = TableRule("APP", "ORDERS");
  table.columns.exclude = {"NOPE"};
  table.columns.rename = {{"GONE", "X"}, {"QTY", "CUSTOMER_ID"}};
  table.filter = "STATUS = 'A' AND MISSING > 1";
  table.partition_key = {"ABSENT"};
  const base::Result<ShapedTable> shaped = ShapeOrders(Task({SchemaRule("HR"), table}));
  ASSERT_FALSE(shaped.has_value());
  const std::string& message = shaped.error().message;
  EXPECT_THAT(message, HasSubstr("objects[1].columns.exclude: APP.ORDERS has no column NOPE"));
  EXPECT_THAT(message, HasSubstr("objects[1].columns.rename: APP.ORDERS has no column GONE"));
  EXPECT_THAT(message, HasSubstr("would both be named CUSTOMER_ID"));
  // Unquoted names fold to upper case, so STATUS is not the column "Status".
  EXPECT_THAT(message, HasSubstr("objects[1].filter: refers to column STATUS"));
  EXPECT_THAT(message, HasSubstr("refers to column MISSING"));
  EXPECT_THAT(message, HasSubstr("objects[1].partition_key: APP.ORDERS has no column ABSENT"));
}

TEST(ShapeTable, ExcludingAKeyColumnNeedsAnotherUniqueKey) {
  config::ObjectRule table = TableRule("APP", "ORDERS");
  table.columns.exclude = {"ID"};
  base::Result<ShapedTable> shaped = ShapeOrders(Task({table}));
  ASSERT_FALSE(shaped.has_value());
  EXPECT_THAT(shaped.error().message, HasSubstr("primary-key column"));

  model::TableSchema orders = Orders();
  orders.unique_keys = {{"UK_SECRET", {"SECRET"}}, {"UK_CUSTOMER_QTY", {"CUSTOMER_ID", "QTY"}}};
  table.columns.exclude = {"ID", "SECRET"};
  table.columns.rename = {{"QTY", "QUANTITY"}};
  const config::TaskConfig task = Task({table});
  const Selection selection = SelectTables(task.objects, Catalog());
  ASSERT_EQ(selection.tables.size(), 1u);
  shaped = ShapeTable(task, selection.tables[0], orders);
  ASSERT_TRUE(shaped.has_value()) << shaped.error().ToString();
  EXPECT_TRUE(shaped->destination.primary_key_name.empty());
  EXPECT_TRUE(shaped->destination.PrimaryKeyColumnIndexes().empty());
  ASSERT_EQ(shaped->destination.unique_keys.size(), 1u);
  EXPECT_THAT(shaped->destination.unique_keys[0].columns, ElementsAre("CUSTOMER_ID", "QUANTITY"));
  EXPECT_THAT(shaped->destination.KeyColumnIndexes(), ElementsAre(0u, 1u));
}

TEST(FilterColumnNames, SkipsLiteralsKeywordsAndFunctions) {
  const auto names = FilterColumnNames(
      "status <> 'it''s X' AND \"Mixed\" IN (1, 2.5E+3) OR UPPER(name) LIKE 'A%' AND created > "
      "DATE '2020-01-01' AND note IS NOT NULL");
  ASSERT_TRUE(names.has_value()) << names.error().ToString();
  EXPECT_THAT(*names, ElementsAre("STATUS", "Mixed", "NAME", "CREATED", "NOTE"));
}

TEST(FilterColumnNames, RejectsWhatDtsFiltersMayNotContain) {
  EXPECT_FALSE(FilterColumnNames("ID IN (SELECT ID FROM T)").has_value());
  EXPECT_FALSE(FilterColumnNames("ID > 1;").has_value());
  EXPECT_FALSE(FilterColumnNames("NAME = 'open").has_value());
}

}  // namespace
}  // namespace db2kafka::runner
