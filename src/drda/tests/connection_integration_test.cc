// The DRDA client against the real Derby Network Server (authentication on) from scripts/testenv.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drda/connection.h"
#include "drda/cursor.h"
#include "drda/tests/derby_test_env.h"
#include "drda/value_decoder.h"

namespace db2kafka::drda {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<Connection> Connect(const ConnectOptions& options) {
  auto connection = Connection::Open(options);
  EXPECT_TRUE(connection) << connection.error().ToString();
  return connection ? std::move(*connection) : nullptr;
}

std::string UniqueTable(const std::string& stem) {
  static int counter = 0;
  return stem + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

TEST(DerbyConnection, ConnectsAndRecognizesDerby) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  const ServerInfo& server = connection->server();
  EXPECT_EQ(server.dialect->kind, ServerKind::kDerby);
  EXPECT_EQ(server.sqlam, 7);
  EXPECT_TRUE(server.utf8_ddm);
  EXPECT_THAT(server.product_id, HasSubstr("CSS"));
  // Derby's JDK refuses the 256-bit DH group, so auto falls back to USRIDPWD.
  EXPECT_EQ(server.mechanism, SecurityMechanism::kUserIdPassword);
}

TEST(DerbyConnection, WrongPasswordIsAnAuthenticationError) {
  ConnectOptions options = testing::DerbyOptions();
  options.password = "not-the-password";
  options.security = SecurityPreference::kUserIdPassword;
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, base::ErrorCode::kUnauthenticated)
      << connection.error().ToString();
  EXPECT_THAT(connection.error().message, HasSubstr("user id or password invalid"));
  EXPECT_THAT(connection.error().message, ::testing::Not(HasSubstr("not-the-password")));
}

TEST(DerbyConnection, UnknownUserIsAnAuthenticationError) {
  ConnectOptions options = testing::DerbyOptions();
  options.user = "nobody";
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, base::ErrorCode::kUnauthenticated)
      << connection.error().ToString();
}

TEST(DerbyConnection, EncryptedCredentialsAreRefusedClearlyWhenForced) {
  ConnectOptions options = testing::DerbyOptions();
  options.security = SecurityPreference::kEncryptedUserIdPassword;
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(connection.error().message, HasSubstr("does not accept security mechanism 9"));
  EXPECT_THAT(connection.error().message, HasSubstr("offers 3"));
}

TEST(DerbyConnection, UnknownDatabaseIsNotFound) {
  ConnectOptions options = testing::DerbyOptions();
  options.database = "nosuchdb";
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection);
  EXPECT_THAT(
      connection.error().ToString(),
      ::testing::AnyOf(HasSubstr("does not exist"), HasSubstr("access to the database failed")));
}

TEST(DerbyConnection, ClosedPortIsUnavailable) {
  ConnectOptions options = testing::DerbyOptions();
  options.transport.port = 1;
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, base::ErrorCode::kUnavailable);
  EXPECT_THAT(connection.error().message, HasSubstr("Connection refused"));
}

TEST(DerbyConnection, PlainClientOnTheTlsPortFailsClearly) {
  ConnectOptions options = testing::DerbyOptions(/*tls=*/true);
  options.transport.tls = false;
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection);
  EXPECT_THAT(connection.error().ToString(),
              ::testing::AnyOf(HasSubstr("TLS"), HasSubstr("closed")));
}

TEST(DerbyConnection, ConnectsOverTlsWithTheTestCa) {
  auto connection = Connect(testing::DerbyOptions(/*tls=*/true));
  ASSERT_TRUE(connection);
  auto cursor = connection->OpenQuery("VALUES 1");
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  ASSERT_TRUE((*cursor)->Next().value());
}

TEST(DerbyConnection, TlsWithAnUntrustedCaFails) {
  ConnectOptions options = testing::DerbyOptions(/*tls=*/true);
  options.transport.ca_file = "/etc/ssl/certs/ca-certificates.crt";
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, base::ErrorCode::kFailedPrecondition)
      << connection.error().ToString();
  EXPECT_THAT(connection.error().message, HasSubstr("certificate verify failed"));
}

TEST(DerbyStatements, InsertCommitRollbackAndErrors) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  const std::string table = UniqueTable("T_TXN");
  ASSERT_TRUE(connection->ExecuteImmediate("CREATE TABLE " + table +
                                           " (ID INT NOT NULL PRIMARY KEY, V VARCHAR(20))"));
  ASSERT_TRUE(connection->Commit());
  EXPECT_EQ(
      connection->ExecuteImmediate("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')").value(),
      2);
  ASSERT_TRUE(connection->Rollback());
  EXPECT_EQ(connection->ExecuteImmediate("INSERT INTO " + table + " VALUES (3, 'c')").value(), 1);
  ASSERT_TRUE(connection->Commit());

  auto cursor = connection->OpenQuery("SELECT ID, V FROM " + table + " ORDER BY ID");
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  ASSERT_EQ((*cursor)->columns().size(), 2u);
  EXPECT_EQ((*cursor)->columns()[0].name, "ID");
  EXPECT_EQ((*cursor)->columns()[1].name, "V");
  ASSERT_TRUE((*cursor)->Next().value());
  const auto& row = (*cursor)->row();
  EXPECT_EQ(row[0].bytes.size(), 4u);
  EXPECT_EQ(row[0].bytes[3], 3);  // the rolled-back rows 1 and 2 are gone
  EXPECT_EQ(std::string(row[1].bytes.begin(), row[1].bytes.end()), "c");
  EXPECT_FALSE((*cursor)->Next().value());

  const auto duplicate =
      connection->ExecuteImmediate("INSERT INTO " + table + " VALUES (3, 'again')");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().sqlstate, "23505");
  EXPECT_FALSE(duplicate.error().retriable);
  const auto missing = connection->OpenQuery("SELECT * FROM NO_SUCH_TABLE_X");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().sqlstate, "42X05");
  const auto syntax = connection->ExecuteImmediate("CREATE TABLEX oops");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().sqlstate.substr(0, 2), "42");
  // The connection stays usable after statement errors.
  EXPECT_TRUE(connection->Rollback());
  EXPECT_TRUE(connection->ExecuteImmediate("DROP TABLE " + table));
  EXPECT_TRUE(connection->Commit());
}

std::string CurrentIsolation(Connection& connection) {
  auto cursor = connection.OpenQuery("VALUES CURRENT ISOLATION");
  EXPECT_TRUE(cursor) << cursor.error().ToString();
  if (!cursor || !(*cursor)->Next().value_or(false)) return "";
  std::string level(AsText((*cursor)->row()[0].bytes));
  EXPECT_FALSE((*cursor)->Next().value_or(true));
  return level.substr(0, level.find(' '));
}

TEST(DerbyStatements, EachIsolationLevelReachesTheServer) {
  for (Isolation isolation : {Isolation::kUncommittedRead, Isolation::kCursorStability,
                              Isolation::kReadStability, Isolation::kRepeatableRead}) {
    ConnectOptions options = testing::DerbyOptions();
    options.isolation = isolation;
    auto connection = Connect(options);
    ASSERT_TRUE(connection);
    EXPECT_EQ(CurrentIsolation(*connection), IsolationName(isolation));
  }
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  EXPECT_EQ(CurrentIsolation(*connection), "CS");  // the server's default
  ASSERT_TRUE(connection->SetIsolation(Isolation::kRepeatableRead));
  EXPECT_EQ(CurrentIsolation(*connection), "RR");
}

TEST(DerbyStatements, UncommittedReadSeesAnotherConnectionsOpenInsert) {
  auto writer = Connect(testing::DerbyOptions());
  ASSERT_TRUE(writer);
  const std::string table = UniqueTable("T_DIRTY");
  ASSERT_TRUE(writer->ExecuteImmediate("CREATE TABLE " + table + " (ID INT NOT NULL)"));
  ASSERT_TRUE(writer->Commit());
  ASSERT_TRUE(writer->ExecuteImmediate("INSERT INTO " + table + " VALUES (7)"));  // not committed

  ConnectOptions options = testing::DerbyOptions();
  options.isolation = Isolation::kUncommittedRead;
  auto reader = Connect(options);
  ASSERT_TRUE(reader);
  // Under CS this read would wait for the writer's row lock; UR reads the row without a lock.
  auto cursor = reader->OpenQuery("SELECT ID FROM " + table);
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  ASSERT_TRUE((*cursor)->Next().value_or(false));
  EXPECT_EQ((*cursor)->row()[0].bytes[3], 7);
  EXPECT_FALSE((*cursor)->Next().value_or(true));
  ASSERT_TRUE(reader->Commit());

  ASSERT_TRUE(writer->Rollback());
  ASSERT_TRUE(writer->ExecuteImmediate("DROP TABLE " + table));
  ASSERT_TRUE(writer->Commit());
}

}  // namespace
}  // namespace db2kafka::drda

namespace db2kafka::drda {
namespace {

TEST(DerbyStatements, ParametersOfEveryKindRoundTrip) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  const std::string table = UniqueTable("T_PARAMS");
  ASSERT_TRUE(connection->ExecuteImmediate(
      "CREATE TABLE " + table +
      " (ID BIGINT NOT NULL PRIMARY KEY, NAME VARCHAR(40), "
      "PRICE DECIMAL(9,2), RATE DOUBLE, RAW VARCHAR(8) FOR BIT DATA)"));
  const std::vector<Parameter> first = {int64_t{1}, std::string("caf\xC3\xA9"),
                                        DecimalParameter{"-12.50"}, 0.25,
                                        BinaryParameter{{0x00, 0x01, 0xFF}}};
  const auto inserted =
      connection->Execute("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)", first);
  ASSERT_TRUE(inserted) << inserted.error().ToString();
  EXPECT_EQ(*inserted, 1);
  const std::vector<Parameter> second = {int64_t{2}, NullParameter{}, NullParameter{},
                                         NullParameter{}, NullParameter{}};
  EXPECT_EQ(connection->Execute("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)", second).value(),
            1);
  const std::vector<Parameter> duplicate = {int64_t{1}, std::string("x"), NullParameter{},
                                            NullParameter{}, NullParameter{}};
  const auto refused =
      connection->Execute("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)", duplicate);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().sqlstate, "23505");

  const std::vector<Parameter> filter = {int64_t{0}, std::string("caf%")};
  auto cursor = connection->OpenQuery(
      "SELECT ID, NAME, PRICE, RATE, RAW FROM " + table + " WHERE ID > ? AND NAME LIKE ?", filter);
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  ASSERT_TRUE((*cursor)->Next().value());
  const auto& row = (*cursor)->row();
  EXPECT_EQ(std::string(AsText(row[1].bytes)), "caf\xC3\xA9");
  EXPECT_EQ(DecodeDecimal((*cursor)->columns()[2], row[2].bytes).value(), "-12.50");
  EXPECT_EQ(DecodeFloating((*cursor)->columns()[3], row[3].bytes, connection->server().byte_order)
                .value(),
            0.25);
  EXPECT_EQ(std::vector<uint8_t>(row[4].bytes.begin(), row[4].bytes.end()),
            (std::vector<uint8_t>{0x00, 0x01, 0xFF}));
  EXPECT_FALSE((*cursor)->Next().value());

  const std::vector<Parameter> nulls = {int64_t{2}};
  auto null_row =
      connection->OpenQuery("SELECT NAME, PRICE FROM " + table + " WHERE ID = ?", nulls);
  ASSERT_TRUE(null_row) << null_row.error().ToString();
  ASSERT_TRUE((*null_row)->Next().value());
  EXPECT_TRUE((*null_row)->row()[0].null);
  EXPECT_TRUE((*null_row)->row()[1].null);
  ASSERT_TRUE((*null_row)->Close());
  EXPECT_TRUE(connection->ExecuteImmediate("DROP TABLE " + table));
  EXPECT_TRUE(connection->Commit());
}

// Three 20,000-byte values make a 60 KB SQLDTA, sent as one DSS with continuation segments.
TEST(DerbyStatements, ParametersLargerThanOneDssRoundTrip) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  const std::string table = UniqueTable("T_BIG_PARAMS");
  ASSERT_TRUE(connection->ExecuteImmediate("CREATE TABLE " + table +
                                           " (A VARCHAR(20000), B VARCHAR(20000),"
                                           " C VARCHAR(20000) FOR BIT DATA)"));
  ASSERT_TRUE(connection->Commit());
  std::string a(20000, 'a');
  std::string b;
  for (int i = 0; i < 10000; ++i) b += "\xC3\xA9";  // 20,000 bytes of UTF-8, 10,000 characters
  std::vector<uint8_t> c(20000);
  for (size_t i = 0; i < c.size(); ++i) c[i] = static_cast<uint8_t>(i * 7);
  const std::vector<Parameter> values = {a, b, BinaryParameter{c}};
  const auto inserted = connection->Execute("INSERT INTO " + table + " VALUES (?, ?, ?)", values);
  ASSERT_TRUE(inserted) << inserted.error().ToString();
  EXPECT_EQ(*inserted, 1);
  auto cursor = connection->OpenQuery("SELECT A, B, C FROM " + table + " WHERE A = ? AND B = ?",
                                      std::vector<Parameter>{a, b});
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  ASSERT_TRUE((*cursor)->Next().value_or(false));
  const auto& row = (*cursor)->row();
  EXPECT_EQ(AsText(row[0].bytes), a);
  EXPECT_EQ(AsText(row[1].bytes), b);
  EXPECT_TRUE(std::equal(row[2].bytes.begin(), row[2].bytes.end(), c.begin(), c.end()));
  EXPECT_FALSE((*cursor)->Next().value_or(true));
  ASSERT_TRUE(connection->Rollback());
  ASSERT_TRUE(connection->ExecuteImmediate("DROP TABLE " + table));
  ASSERT_TRUE(connection->Commit());
}

}  // namespace
}  // namespace db2kafka::drda
