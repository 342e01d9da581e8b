#include "cdc/change_assembler.h"

#include <gtest/gtest.h>

namespace db2kafka::cdc {
namespace {

using model::Operation;
using model::Row;
using model::Value;

std::shared_ptr<const model::TableSchema> Table() {
  auto table = std::make_shared<model::TableSchema>();
  table->schema = "APP";
  table->table = "T";
  table->columns = {{.name = "ID", .type = model::Db2Type::kInteger, .key_position = 1},
                    {.name = "NAME", .type = model::Db2Type::kVarchar, .length = 10}};
  return table;
}

CdRow Make(char operation, std::string commit, std::string intent, int32_t id, std::string name) {
  CdRow row;
  row.operation = operation;
  row.commit_sequence = std::move(commit);
  row.intent_sequence = std::move(intent);
  row.values = {Value(id), Value(model::String{std::move(name)})};
  row.key = {Value(id)};
  return row;
}

struct Assembled {
  std::vector<model::ChangeEvent> events;
  int64_t not_sent = 0;
};

Assembled Assemble(const AssemblyRules& rules, const std::vector<CdRow>& rows) {
  Assembled result;
  result.not_sent = AssembleChanges(rules, rows, result.events);
  return result;
}

AssemblyRules Rules(bool delete_insert = true) {
  return {.destination = Table(), .updates_as_delete_insert = delete_insert, .keyed = true};
}

TEST(ChangeAssembler, InsertAndDeleteCarryTheirImageAndPosition) {
  const Assembled out =
      Assemble(Rules(), {Make('I', "c1", "i1", 1, "a"), Make('D', "c2", "i2", 1, "a")});
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(out.events[0].operation, Operation::kInsert);
  EXPECT_TRUE(out.events[0].before.empty());
  EXPECT_EQ(out.events[0].after[1], Value(model::String{"a"}));
  EXPECT_EQ(out.events[0].position, (model::Position{"c1", "i1"}));
  EXPECT_EQ(out.events[1].operation, Operation::kDelete);
  EXPECT_EQ(out.events[1].before[0], Value(1));
  EXPECT_TRUE(out.events[1].after.empty());
  EXPECT_EQ(out.events[0].table.get(), out.events[1].table.get());
}

TEST(ChangeAssembler, DeleteThenInsertOfTheSameKeyInOneTransactionIsAnUpdate) {
  const Assembled out =
      Assemble(Rules(), {Make('D', "c1", "i1", 7, "old"), Make('I', "c1", "i2", 7, "new")});
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].operation, Operation::kUpdate);
  EXPECT_EQ(out.events[0].before[1], Value(model::String{"old"}));
  EXPECT_EQ(out.events[0].after[1], Value(model::String{"new"}));
  EXPECT_EQ(out.events[0].position, (model::Position{"c1", "i2"}));
}

TEST(ChangeAssembler, DeleteAndInsertThatDoNotPairStayWhatTheyAre) {
  // Another key, another transaction, the update style 'N', a keyless table: no pairing.
  for (const auto& [rules, rows] : std::vector<std::pair<AssemblyRules, std::vector<CdRow>>>{
           {Rules(), {Make('D', "c1", "i1", 7, "x"), Make('I', "c1", "i2", 8, "x")}},
           {Rules(), {Make('D', "c1", "i1", 7, "x"), Make('I', "c2", "i2", 7, "x")}},
           {Rules(false), {Make('D', "c1", "i1", 7, "x"), Make('I', "c1", "i2", 7, "x")}},
           {AssemblyRules{.destination = Table(), .keyed = false},
            {Make('D', "c1", "i1", 7, "x"), Make('I', "c1", "i2", 7, "x")}}}) {
    const Assembled out = Assemble(rules, rows);
    ASSERT_EQ(out.events.size(), 2u);
    EXPECT_EQ(out.events[0].operation, Operation::kDelete);
    EXPECT_EQ(out.events[1].operation, Operation::kInsert);
  }
}

TEST(ChangeAssembler, URowIsAnUpdateWithBeforeImagesWhenKept) {
  CdRow with = Make('U', "c1", "i1", 3, "new");
  with.before = {Value(3), Value(model::String{"old"})};
  with.before_key = {Value(3)};
  const Assembled out = Assemble(Rules(false), {with, Make('U', "c2", "i2", 3, "newer")});
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(out.events[0].operation, Operation::kUpdate);
  EXPECT_EQ(out.events[0].before[1], Value(model::String{"old"}));
  EXPECT_EQ(out.events[1].operation, Operation::kUpdate);
  EXPECT_TRUE(out.events[1].before.empty());
  EXPECT_EQ(out.events[1].after[1], Value(model::String{"newer"}));
}

TEST(ChangeAssembler, KeyChangeBecomesDeleteAndInsert) {
  CdRow moved = Make('U', "c1", "i1", 4, "n");
  moved.before = {Value(3), Value(model::String{"n"})};
  moved.before_key = {Value(3)};
  for (const auto& [rules, rows] : std::vector<std::pair<AssemblyRules, std::vector<CdRow>>>{
           {Rules(false), {moved}},
           // 'Y': the halves carry different keys, so they never pair in the first place.
           {Rules(), {Make('D', "c1", "i1", 3, "n"), Make('I', "c1", "i2", 4, "n")}}}) {
    const Assembled out = Assemble(rules, rows);
    ASSERT_EQ(out.events.size(), 2u);
    EXPECT_EQ(out.events[0].operation, Operation::kDelete);
    EXPECT_EQ(out.events[0].before[0], Value(3));
    EXPECT_EQ(out.events[1].operation, Operation::kInsert);
    EXPECT_EQ(out.events[1].after[0], Value(4));
  }
}

TEST(ChangeAssembler, FilterFollowsThePreImage) {
  const auto row = [](char op, const char* intent, int32_t id, bool matches) {
    CdRow r = Make(op, "c1", intent, id, "x");
    r.matches_filter = matches;
    return r;
  };
  // Old row in, new row out: a delete of the old row.
  Assembled out = Assemble(Rules(), {row('D', "i1", 1, true), row('I', "i2", 1, false)});
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].operation, Operation::kDelete);
  EXPECT_EQ(out.not_sent, 0);
  // Old row out, new row in: nothing (DTS does not send rows that move into the filter).
  out = Assemble(Rules(), {row('D', "i1", 1, false), row('I', "i2", 1, true)});
  EXPECT_TRUE(out.events.empty());
  EXPECT_EQ(out.not_sent, 1);
  // Plain inserts and deletes outside the filter.
  out = Assemble(Rules(),
                 {row('I', "i1", 1, false), row('D', "i2", 2, false), row('I', "i3", 3, true)});
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].after[0], Value(3));
  EXPECT_EQ(out.not_sent, 2);
}

TEST(ChangeAssembler, OperationsLeaveOutWholeSourceChanges) {
  AssemblyRules rules = Rules();
  rules.operations.updates = false;
  Assembled out = Assemble(rules, {Make('D', "c1", "i1", 1, "a"), Make('I', "c1", "i2", 1, "b"),
                                   Make('I', "c2", "i3", 2, "c")});
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].operation, Operation::kInsert);
  EXPECT_EQ(out.not_sent, 1);
  rules = Rules();
  rules.operations.inserts = false;
  rules.operations.deletes = false;
  out = Assemble(rules, {Make('I', "c1", "i1", 1, "a"), Make('D', "c2", "i2", 1, "a")});
  EXPECT_TRUE(out.events.empty());
  EXPECT_EQ(out.not_sent, 2);
}

}  // namespace
}  // namespace db2kafka::cdc
