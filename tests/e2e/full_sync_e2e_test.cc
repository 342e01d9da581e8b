// `db2kafka run` against the real Derby and Kafka: every selected row arrives, shaped as the task
// says, in the partition Java would pick; conflict modes; bad input and unreachable servers; a
// clean stop and a resume. What arrived is checked independently: Derby's JDBC client reads the
// source, tests/e2e/tools/verify_topic.py reads and decodes the topic.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "base/tests/test_env.h"
#include "kafka/admin.h"
#include "kafka/producer.h"
#include "kafka/tests/kafka_test_env.h"
#include "tests/e2e/full_sync_harness.h"

namespace db2kafka::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Every common Derby type, NULLs in every nullable column now and then, non-ASCII text.
void CreateTypesTable(drda::Connection& connection, const std::string& table, int rows) {
  DropTableIfExists(connection, table);
  ExecuteAll(connection,
             {"CREATE TABLE " + table +
              " (ID INT NOT NULL PRIMARY KEY, S SMALLINT, B BIGINT, D DECIMAL(31,5), R REAL, "
              "F DOUBLE, C CHAR(5), V VARCHAR(40), DT DATE, TM TIME, TS TIMESTAMP, BL BOOLEAN, "
              "BIN VARCHAR(8) FOR BIT DATA, CL CLOB(1K))"});
  std::vector<std::string> values;
  for (int i = 1; i <= rows; ++i) {
    const bool nulls = i % 17 == 0;
    const std::string n = std::to_string(i);
    const std::string day = std::to_string(10 + i % 18);
    values.push_back(
        n + ", " + (nulls ? "NULL" : std::to_string(i % 32000 - 16000)) + ", " +
        (nulls ? "NULL" : std::to_string(int64_t{i} * 3'000'000'007LL)) + ", " +
        (nulls ? "NULL" : "-12345678901234567890123456." + std::to_string(10000 + i % 89999)) +
        ", " + (nulls ? "NULL" : std::to_string(i) + ".25") + ", " +
        (nulls ? "NULL" : "1.0E" + std::to_string(i % 300 - 150)) + ", " +
        (nulls ? "NULL" : Quoted("c" + std::to_string(i % 100))) + ", " +
        (nulls ? "NULL" : Quoted("Zoë ünïcode 山田 #" + n)) + ", " +
        (nulls ? "NULL" : "DATE('2024-02-" + day + "')") + ", " +
        (nulls ? "NULL" : "TIME('13:14:" + std::to_string(10 + i % 50) + "')") + ", " +
        (nulls ? "NULL"
               : "TIMESTAMP('2024-02-" + day + " 01:02:03." + std::to_string(100000 + i % 899999) +
                     "')") +
        ", " + (nulls ? "NULL" : (i % 2 == 0 ? "TRUE" : "FALSE")) + ", " +
        (nulls ? "NULL" : "X'00ff" + std::string(i % 2 == 0 ? "10" : "") + "'") + ", " +
        (nulls ? "NULL" : Quoted("clob text " + n)));
  }
  InsertRows(connection, table, values);
}

void CreatePairsTable(drda::Connection& connection, const std::string& table, int rows) {
  DropTableIfExists(connection, table);
  ExecuteAll(connection, {"CREATE TABLE " + table +
                          " (K1 INT NOT NULL, K2 VARCHAR(10) NOT NULL, VAL VARCHAR(20), "
                          "PRIMARY KEY (K1, K2))"});
  std::vector<std::string> values;
  for (int i = 0; i < rows; ++i) {
    values.push_back(std::to_string(i / 3) + ", " + Quoted("k" + std::to_string(i % 3)) + ", " +
                     Quoted("v" + std::to_string(i)));
  }
  InsertRows(connection, table, values);
}

void CreateKeylessTable(drda::Connection& connection, const std::string& table, int rows) {
  DropTableIfExists(connection, table);
  ExecuteAll(connection, {"CREATE TABLE " + table + " (MSG VARCHAR(30), N INT)"});
  std::vector<std::string> values;
  for (int i = 0; i < rows; ++i) {
    values.push_back(Quoted("line " + std::to_string(i)) + ", " + std::to_string(i % 7));
  }
  InsertRows(connection, table, values);
}

void ExpectVerified(const Verification& verification, int64_t expected_rows) {
  EXPECT_EQ(verification.exit_code, 0) << verification.output;
  EXPECT_EQ(verification.report.value("expected", -1), expected_rows) << verification.output;
  EXPECT_EQ(verification.report.value("received", -1), expected_rows) << verification.output;
}

TEST(FullSyncE2e, EveryRowOfEveryTableArrivesInItsPartition) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  CreateTypesTable(*connection, "FS1.TYPES", 3000);
  CreatePairsTable(*connection, "FS1.PAIRS", 2500);
  CreateKeylessTable(*connection, "FS1.LOG", 400);
  const std::string topic = kafka::testing::UniqueTopic("fs1-data");
  const std::string ddl_topic = kafka::testing::UniqueTopic("fs1-ddl");

  const std::string task = WriteTaskFile(
      "fs1",
      "  topic: " + topic + "\n  ddl_topic: " + ddl_topic +
          "\n  format: dts_avro\n  partition_policy: primary_key\n  topic_partitions: 3\n",
      "sync: {incremental: false}\nfull: {parallelism: 3, chunk_rows: 1000}\n"
      "objects:\n  - schema: FS1\n");
  const CommandResult run = RunDb2kafka("run -c " + task);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("3 table(s), 3 DDL record(s), 5900 row(s)"));
  EXPECT_THAT(run.output, HasSubstr("warning: FS1.LOG has no primary key or unique key"));
  EXPECT_THAT(run.output, Not(HasSubstr(base::testing::RequireTestEnv("DERBY_PASSWORD"))));

  const std::string common =
      "--topic " + topic + " --format dts_avro --partition-policy primary_key ";
  ExpectVerified(VerifyTopic(common + "--table fs1.types --key-columns ID --expected " +
                             DumpWithJdbc("SELECT * FROM FS1.TYPES", "fs1-types.jsonl")),
                 3000);
  ExpectVerified(VerifyTopic(common + "--table fs1.pairs --key-columns K1,K2 --expected " +
                             DumpWithJdbc("SELECT * FROM FS1.PAIRS", "fs1-pairs.jsonl")),
                 2500);
  ExpectVerified(VerifyTopic(common + "--table fs1.log --expected " +
                             DumpWithJdbc("SELECT * FROM FS1.LOG", "fs1-log.jsonl")),
                 400);
  EXPECT_EQ(CountRecords(topic), 5900);
  EXPECT_EQ(CountRecords(ddl_topic), 3);

  const CommandResult status = RunDb2kafka("status -c " + task);
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_THAT(status.output, HasSubstr("phase:      done"));
  // 3000 rows in chunks of 1000 keys; the keyless table is one chunk.
  EXPECT_TRUE(std::regex_search(status.output, std::regex(R"(FS1\.TYPES +done +3000 +3000 +3/3)")))
      << status.output;
  EXPECT_TRUE(std::regex_search(status.output, std::regex(R"(FS1\.LOG +done +400 +400 +1/1)")))
      << status.output;

  const CommandResult again = RunDb2kafka("run -c " + task);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("already done"));
  EXPECT_EQ(CountRecords(topic), 5900);
}

TEST(FullSyncE2e, RenamesExclusionsFiltersAndTopicsShapeDebeziumRecords) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  DropTableIfExists(*connection, "FS2.ORDERS");
  ExecuteAll(*connection, {"CREATE TABLE FS2.ORDERS (ID INT NOT NULL PRIMARY KEY, STATUS CHAR(1), "
                           "QTY INT, SECRET VARCHAR(20))"});
  std::vector<std::string> orders;
  for (int i = 1; i <= 1200; ++i) {
    orders.push_back(std::to_string(i) + ", " + Quoted(i % 4 == 0 ? "X" : "A") + ", " +
                     std::to_string(i * 2) + ", 'hush'");
  }
  InsertRows(*connection, "FS2.ORDERS", orders);
  CreateTypesTable(*connection, "FS2.CUSTOMERS", 700);
  CreateKeylessTable(*connection, "FS2.TMP_JUNK", 50);
  const std::string orders_topic = kafka::testing::UniqueTopic("fs2-orders");
  const std::string topic = kafka::testing::UniqueTopic("fs2-data");

  const std::string task = WriteTaskFile(
      "fs2",
      "  topic: " + topic +
          "\n  format: debezium_json\n  partition_policy: table\n  topic_partitions: 4\n",
      "sync: {incremental: false, schema: false}\nfull: {chunk_rows: 1000}\n"
      "objects:\n"
      "  - schema: FS2\n    rename: SALES\n    exclude_tables: [\"TMP_*\"]\n"
      "  - schema: FS2\n    table: ORDERS\n    rename: ORDERS_V2\n    topic: " +
          orders_topic +
          "\n    columns: {exclude: [SECRET], rename: {QTY: QUANTITY}}\n"
          "    filter: \"STATUS <> 'X'\"\n");
  const CommandResult run = RunDb2kafka("run -c " + task);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("2 table(s), 0 DDL record(s), 1600 row(s)"));

  ExpectVerified(
      VerifyTopic("--topic " + orders_topic +
                  " --format debezium_json --partition-policy table --table SALES.ORDERS_V2 "
                  "--key-columns ID --expected " +
                  DumpWithJdbc("SELECT ID, STATUS, QTY AS QUANTITY FROM FS2.ORDERS WHERE STATUS "
                               "<> 'X'",
                               "fs2-orders.jsonl")),
      900);
  ExpectVerified(VerifyTopic("--topic " + topic +
                             " --format debezium_json --partition-policy table "
                             "--table SALES.customers --key-columns ID --expected " +
                             DumpWithJdbc("SELECT * FROM FS2.CUSTOMERS", "fs2-customers.jsonl")),
                 700);
  // The excluded table wrote nothing: the default topic holds the customers only.
  EXPECT_EQ(CountRecords(topic), 700);
}

TEST(FullSyncE2e, HandOffPositionIsTheCaptureSynchpointRecordedBeforeReading) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  CreatePairsTable(*connection, "FS6.T", 10);
  // The columns of Db2's IBMSNAP_REGISTER (10-byte layout) that db2kafka reads.
  DropTableIfExists(*connection, "FS6CAP.IBMSNAP_REGISTER");
  ExecuteAll(*connection,
             {"CREATE TABLE FS6CAP.IBMSNAP_REGISTER (SOURCE_OWNER VARCHAR(128), SOURCE_TABLE "
              "VARCHAR(128), CD_OWNER VARCHAR(128), CD_TABLE VARCHAR(128), CD_NEW_SYNCHPOINT "
              "CHAR(10) FOR BIT DATA, SYNCHPOINT CHAR(10) FOR BIT DATA, SYNCHTIME TIMESTAMP, "
              "CHG_UPD_TO_DEL_INS CHAR(1), BEFORE_IMG_PREFIX VARCHAR(4), STATE CHAR(1), "
              "GLOBAL_RECORD CHAR(1))",
              "INSERT INTO FS6CAP.IBMSNAP_REGISTER (SOURCE_OWNER, SOURCE_TABLE, SYNCHPOINT, "
              "GLOBAL_RECORD) VALUES ('FS6', 'T', X'00000000000000000010', 'N'), ('FS6', 'U', "
              "X'00000000000000000200', 'N')"});
  const std::string task_file =
      WriteTaskFile("fs6", "  topic: " + kafka::testing::UniqueTopic("fs6-data") + "\n",
                    "sync: {incremental: false}\nobjects:\n  - schema: FS6\n");
  std::string text = ReadFile(task_file);
  text = std::regex_replace(text, std::regex("security_mechanism: userid_password"),
                            "security_mechanism: userid_password\n  capture_schema: FS6CAP");
  std::ofstream(task_file) << text;
  const CommandResult run = RunDb2kafka("run -c " + task_file);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("hand-off position for incremental sync: 00000000000000000200"));
  // A later synchpoint does not move the recorded one: the full phase read after the first.
  ExecuteAll(*connection, {"UPDATE FS6CAP.IBMSNAP_REGISTER SET SYNCHPOINT = "
                           "X'00000000000000000300'"});
  const CommandResult status = RunDb2kafka("status -c " + task_file);
  EXPECT_THAT(status.output, HasSubstr("hand-off:   00000000000000000200")) << status.output;
}

TEST(FullSyncE2e, ConflictModesDecideWhatHappensToRecordsAlreadyThere) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  CreatePairsTable(*connection, "FS3.T", 100);
  const std::string topic = kafka::testing::UniqueTopic("fs3-data");
  {
    auto admin =
        kafka::Admin::Create(kafka::testing::OptionsFor(kafka::testing::Listener::kPlaintext));
    ASSERT_TRUE(admin);
    ASSERT_TRUE((*admin)->CreateTopic({.name = topic, .partition_count = 2}));
    auto producer = kafka::Producer::Create(
        {.client = kafka::testing::OptionsFor(kafka::testing::Listener::kPlaintext)},
        [](const kafka::DeliveryReport&) {});
    ASSERT_TRUE(producer);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE((*producer)->Produce({.topic = topic, .partition = 0, .value = "old"}));
    }
    ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(30)));
  }
  const auto task_with = [&](const std::string& name, const std::string& mode) {
    return WriteTaskFile(name, "  topic: " + topic + "\n",
                         "conflict_mode: " + mode +
                             "\nsync: {incremental: false, schema: false}\n"
                             "objects:\n  - schema: FS3\n");
  };

  const CommandResult refused =
      RunDb2kafka("run -c " + task_with("fs3-precheck", "precheck_error"));
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("topic " + topic + " already holds 5 records"));
  EXPECT_EQ(CountRecords(topic), 5);

  const CommandResult cleared =
      RunDb2kafka("run -c " + task_with("fs3-clear", "clear_destination"));
  EXPECT_EQ(cleared.exit_code, 0) << cleared.output;
  EXPECT_THAT(cleared.output, HasSubstr("deleted them"));
  EXPECT_EQ(CountRecords(topic), 100);

  const CommandResult appended = RunDb2kafka("run -c " + task_with("fs3-ignore", "ignore"));
  EXPECT_EQ(appended.exit_code, 0) << appended.output;
  EXPECT_THAT(appended.output, HasSubstr("writing after them"));
  EXPECT_EQ(CountRecords(topic), 200);

  const std::string missing = kafka::testing::UniqueTopic("fs3-missing");
  const std::string no_create =
      WriteTaskFile("fs3-nocreate", "  topic: " + missing + "\n  create_topics: false\n",
                    "sync: {incremental: false}\nobjects:\n  - schema: FS3\n");
  const CommandResult not_created = RunDb2kafka("run -c " + no_create);
  EXPECT_EQ(not_created.exit_code, 1) << not_created.output;
  EXPECT_THAT(not_created.output, HasSubstr("topic " + missing + " does not exist"));
}

TEST(FullSyncE2e, BadTasksAndUnreachableServersFailClearly) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  CreatePairsTable(*connection, "FS4.T", 10);
  const std::string topic = kafka::testing::UniqueTopic("fs4-data");
  const std::string full_only = "sync: {incremental: false}\n";

  // Incremental sync without SQL Replication's control tables: refused before anything is
  // written, with what to do.
  const CommandResult incremental = RunDb2kafka(
      "run -c " + WriteTaskFile("fs4-incr", "  topic: " + topic + "\n",
                                "objects:\n  - schema: FS4\n", "  capture_schema: NOCAPTURE\n"));
  EXPECT_EQ(incremental.exit_code, 1) << incremental.output;
  EXPECT_THAT(incremental.output, HasSubstr("NOCAPTURE.IBMSNAP_REGISTER"));
  EXPECT_THAT(incremental.output, HasSubstr("sync.incremental: false"));

  const CommandResult no_column =
      RunDb2kafka("run -c " + WriteTaskFile("fs4-col", "  topic: " + topic + "\n",
                                            full_only + "objects:\n  - schema: FS4\n    table: T\n"
                                                        "    columns: {exclude: [NOPE]}\n"));
  EXPECT_EQ(no_column.exit_code, 2) << no_column.output;
  EXPECT_THAT(no_column.output, HasSubstr("NOPE"));

  const CommandResult bad_filter = RunDb2kafka(
      "run -c " + WriteTaskFile("fs4-filter", "  topic: " + topic + "\n",
                                full_only + "objects:\n  - schema: FS4\n    table: T\n"
                                            "    filter: \"NO_SUCH_FUNCTION(K1) > 1\"\n"));
  EXPECT_EQ(bad_filter.exit_code, 2) << bad_filter.output;
  EXPECT_THAT(bad_filter.output, HasSubstr("refused by the source"));

  const CommandResult nothing =
      RunDb2kafka("run -c " + WriteTaskFile("fs4-none", "  topic: " + topic + "\n",
                                            full_only + "objects:\n  - schema: NO_SUCH_SCHEMA\n"));
  EXPECT_EQ(nothing.exit_code, 1) << nothing.output;
  EXPECT_THAT(nothing.output, HasSubstr("select no table"));

  // A port nobody listens on: the closed port of a broker that is not there.
  const std::string dead_kafka = WriteTaskFile("fs4-kafka", "  topic: " + topic + "\n",
                                               full_only + "objects:\n  - schema: FS4\n");
  std::string text = ReadFile(dead_kafka);
  text = std::regex_replace(text, std::regex("bootstrap_servers: [^\n]+"),
                            "bootstrap_servers: 127.0.0.1:1\n  connect_timeout_ms: 2000");
  std::ofstream(dead_kafka) << text;
  const CommandResult no_kafka = RunDb2kafka("run -c " + dead_kafka);
  EXPECT_EQ(no_kafka.exit_code, 1) << no_kafka.output;
  EXPECT_THAT(no_kafka.output, HasSubstr("127.0.0.1:1"));

  std::string dead_derby_text =
      std::regex_replace(text, std::regex("port: [0-9]+"), "port: 1\n  connect_timeout_ms: 2000");
  dead_derby_text = std::regex_replace(dead_derby_text, std::regex("127.0.0.1:1\n"),
                                       base::testing::RequireTestEnv("KAFKA_BOOTSTRAP") + "\n");
  std::ofstream(dead_kafka) << dead_derby_text;
  const CommandResult no_derby = RunDb2kafka("run -c " + dead_kafka);
  EXPECT_EQ(no_derby.exit_code, 1) << no_derby.output;
  EXPECT_THAT(no_derby.output, HasSubstr(":1"));

  // A task whose records depend on another configuration than its checkpoints.
  const std::string first =
      WriteTaskFile("fs4-changed", "  topic: " + topic + "\n",
                    "conflict_mode: ignore\n" + full_only + "objects:\n  - schema: FS4\n");
  ASSERT_EQ(RunDb2kafka("run -c " + first).exit_code, 0);
  const std::string unchanged = ReadFile(first);
  std::ofstream(first) << unchanged << "capitalization: upper\n";
  const CommandResult mixed = RunDb2kafka("run -c " + first);
  EXPECT_EQ(mixed.exit_code, 2) << mixed.output;
  EXPECT_THAT(mixed.output, HasSubstr("task file changed"));
}

TEST(FullSyncE2e, CtrlCStopsAtACheckpointAndTheNextRunResumes) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  CreatePairsTable(*connection, "FS5.T", 20000);
  const std::string topic = kafka::testing::UniqueTopic("fs5-data");
  const std::string task = WriteTaskFile(
      "fs5", "  topic: " + topic + "\n  partition_policy: primary_key\n  topic_partitions: 3\n",
      "sync: {incremental: false, schema: false}\n"
      "full: {parallelism: 2, chunk_rows: 1000, max_rows_per_second: 5000}\n"
      "objects:\n  - schema: FS5\n");
  // About 4 s at 5,000 rows/s: SIGINT after 1.5 s stops it part way.
  const CommandResult stopped = RunCommand(Db2kafkaCommand("run -c " + task) +
                                           " & pid=$!; sleep 1.5; kill -INT $pid; wait $pid");
  EXPECT_EQ(stopped.exit_code, 1) << stopped.output;
  EXPECT_THAT(stopped.output, HasSubstr("run the same command again to resume"));
  const CommandResult status = RunDb2kafka("status -c " + task);
  EXPECT_THAT(status.output, HasSubstr("FS5.T"));
  EXPECT_THAT(status.output, Not(HasSubstr("20/20"))) << status.output;
  const int64_t written_before = CountRecords(topic);
  EXPECT_GT(written_before, 0);
  EXPECT_LT(written_before, 20000);

  const CommandResult resumed = RunDb2kafka("run -c " + task);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  std::smatch rows;
  ASSERT_TRUE(std::regex_search(resumed.output, rows, std::regex(R"(([0-9]+) row\(s\) in)")))
      << resumed.output;
  const int64_t rows_resumed = std::stoll(rows[1]);
  EXPECT_LT(rows_resumed, 20000);  // the chunks done before the stop were skipped

  const Verification verification = VerifyTopic(
      "--topic " + topic +
      " --format dts_avro --partition-policy primary_key --table fs5.t --key-columns K1,K2 "
      "--allow-duplicates --expected " +
      DumpWithJdbc("SELECT * FROM FS5.T", "fs5.jsonl"));
  EXPECT_EQ(verification.exit_code, 0) << verification.output;
  EXPECT_EQ(verification.report.value("missing", -1), 0) << verification.output;
  // Duplicates come only from chunks that were in flight at the stop, and the resumed run counts
  // them among the rows it sent again.
  const int64_t duplicates = verification.report.value("duplicates", -1);
  EXPECT_EQ(written_before + rows_resumed - 20000, duplicates);
  std::smatch resent;
  if (duplicates > 0) {
    ASSERT_TRUE(std::regex_search(resumed.output, resent,
                                  std::regex(R"(([0-9]+) of them from chunks an earlier run)")))
        << resumed.output;
    EXPECT_GE(std::stoll(resent[1]), duplicates);
  }
}

}  // namespace
}  // namespace db2kafka::e2e
