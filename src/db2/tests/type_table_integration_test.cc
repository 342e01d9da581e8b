// Values of every type Derby has, at their boundaries, read by our DRDA client and by Derby's own
// JDBC network client from the same rows, compared value by value.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "db2/catalog.h"
#include "db2/row_json.h"
#include "db2/row_values.h"
#include "drda/connection.h"
#include "drda/cursor.h"
#include "drda/tests/derby_test_env.h"
#include "drda/value_decoder.h"

namespace db2kafka::db2 {
namespace {

std::vector<std::string> ReadWithOurClient(drda::Connection& connection, const std::string& query) {
  std::vector<std::string> lines;
  auto cursor = connection.OpenQuery(query);
  EXPECT_TRUE(cursor) << cursor.error().ToString();
  if (!cursor) return lines;
  while (true) {
    auto next = (*cursor)->Next();
    EXPECT_TRUE(next) << next.error().ToString();
    if (!next || !*next) break;
    auto line = RowToJson((*cursor)->columns(), (*cursor)->row(), connection.server().byte_order);
    EXPECT_TRUE(line) << line.error().ToString();
    lines.push_back(line.value_or(""));
  }
  return lines;
}

std::vector<std::string> ReadWithJdbc(const std::string& query) {
  const std::string url = "jdbc:derby://" + std::string(std::getenv("DERBY_HOST")) + ":" +
                          std::getenv("DERBY_PORT") + "/" + std::getenv("DERBY_DB");
  const std::string output = ::testing::TempDir() + "/jdbc_dump.txt";
  const std::string command = "java -cp " + std::string(std::getenv("DERBY_CLASSPATH")) + " " +
                              DB2KAFKA_SOURCE_DIR + "/src/db2/tests/JdbcJsonDump.java '" + url +
                              "' " + std::getenv("DERBY_USER") + " DERBY_PASSWORD \"" + query +
                              "\" > " + output;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::vector<std::string> lines;
  FILE* file = std::fopen(output.c_str(), "r");
  if (file == nullptr) return lines;
  char* line = nullptr;
  size_t capacity = 0;
  ssize_t length = 0;
  while ((length = getline(&line, &capacity, file)) > 0)
    lines.emplace_back(line, static_cast<size_t>(length) - 1);
  std::free(line);
  std::fclose(file);
  return lines;
}

// A model::Value as RowToJson renders the same wire value, so that the two paths can be compared.
nlohmann::ordered_json AsRowJson(const model::Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, model::Null>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double>) {
          return v;
        } else if constexpr (std::is_same_v<T, float>) {
          return static_cast<double>(v);
        } else if constexpr (std::is_integral_v<T>) {
          return static_cast<int64_t>(v);
        } else if constexpr (std::is_same_v<T, model::DecFloat>) {
          return v.text;
        } else if constexpr (std::is_same_v<T, model::Bytes>) {
          return base::HexLower(v.data);
        } else if constexpr (std::is_same_v<T, model::String> || std::is_same_v<T, model::Xml>) {
          return v.utf8;
        } else {
          return v.ToString();  // Decimal, Date, Time, Timestamp
        }
      },
      value.storage());
}

// Reads `query` through RowToJson and through RowValueDecoder (given the catalog's description of
// the columns, or not): every value of every row must agree.
void ExpectRowValuesAgreeWithRowToJson(drda::Connection& connection, const std::string& query,
                                       std::span<const model::ColumnSchema> declared,
                                       size_t expected_rows) {
  auto cursor = connection.OpenQuery(query);
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  const base::ByteOrder order = connection.server().byte_order;
  auto decoder = RowValueDecoder::Create((*cursor)->columns(), order, declared);
  ASSERT_TRUE(decoder) << decoder.error().ToString();
  std::vector<model::Value> values;
  size_t rows = 0;
  while (true) {
    auto next = (*cursor)->Next();
    ASSERT_TRUE(next) << next.error().ToString();
    if (!*next) break;
    ++rows;
    auto json = RowToJson((*cursor)->columns(), (*cursor)->row(), order);
    ASSERT_TRUE(json) << json.error().ToString();
    const auto expected = nlohmann::ordered_json::parse(*json);
    auto decoded = decoder->Decode((*cursor)->row(), values);
    ASSERT_TRUE(decoded) << decoded.error().ToString();
    ASSERT_EQ(values.size(), expected.size());
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string& column = (*cursor)->columns()[i].name;
      EXPECT_EQ(AsRowJson(values[i]), expected[column])
          << "row " << rows << " column " << column << ": " << values[i].DebugString();
    }
  }
  EXPECT_EQ(rows, expected_rows);
}

// A table of its own on the test Derby for each test: `table_` on `connection_`, dropped after.
class DerbyTableTest : public ::testing::Test {
 protected:
  void OpenWithTable(const std::string& stem) {
    auto connection = drda::Connection::Open(drda::testing::DerbyOptions());
    ASSERT_TRUE(connection) << connection.error().ToString();
    connection_ = std::move(*connection);
    table_ = stem + "_" + std::to_string(getpid());
  }

  void Run(const std::string& sql) {
    const auto done = connection_->ExecuteImmediate(sql);
    ASSERT_TRUE(done) << done.error().ToString() << "\n" << sql;
  }

  void TearDown() override {
    if (!connection_) return;
    EXPECT_TRUE(connection_->ExecuteImmediate("DROP TABLE " + table_));
    EXPECT_TRUE(connection_->Commit());
  }

  // Reads `SELECT * ... ORDER BY ID` with our client and with Derby's JDBC client and compares
  // the rows value by value; a differing value is shown whole unless it is long. Our rows stay in
  // our_rows_ for further checks.
  void ExpectEveryValueMatchesJdbc(size_t expected_rows) {
    const std::string query = "SELECT * FROM " + table_ + " ORDER BY ID";
    our_rows_ = ReadWithOurClient(*connection_, query);
    const std::vector<std::string>& ours = our_rows_;
    const std::vector<std::string> theirs = ReadWithJdbc(query);
    ASSERT_EQ(ours.size(), expected_rows);
    ASSERT_EQ(theirs.size(), ours.size());
    constexpr size_t kLongestShownValue = 200;
    for (size_t row = 0; row < ours.size(); ++row) {
      const auto our_row = nlohmann::json::parse(ours[row]);
      const auto their_row = nlohmann::json::parse(theirs[row]);
      ASSERT_EQ(our_row.size(), their_row.size()) << "row " << row + 1;
      for (const auto& [column, value] : their_row.items()) {
        ASSERT_TRUE(our_row.contains(column)) << column;
        const std::string our_text = our_row[column].dump();
        const std::string their_text = value.dump();
        const bool short_values =
            our_text.size() <= kLongestShownValue && their_text.size() <= kLongestShownValue;
        EXPECT_TRUE(our_row[column] == value)
            << "row " << row + 1 << " column " << column << " differs:\n ours:   "
            << (short_values ? our_text : std::to_string(our_text.size()) + " bytes of JSON")
            << "\n theirs: "
            << (short_values ? their_text : std::to_string(their_text.size()) + " bytes of JSON");
      }
    }
  }

  std::unique_ptr<drda::Connection> connection_;
  std::string table_;
  std::vector<std::string> our_rows_;
};

class TypeTable : public DerbyTableTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenWithTable("TYPES"));
    ASSERT_NO_FATAL_FAILURE(
        Run("CREATE TABLE " + table_ +
            " (ID INT NOT NULL PRIMARY KEY, S SMALLINT, I INT, B BIGINT, D31 DECIMAL(31,0),"
            " F31 DECIMAL(31,31), P DECIMAL(15,2), R REAL, DB DOUBLE, C CHAR(10), VC VARCHAR(200),"
            " LVC LONG VARCHAR, CB CHAR(8) FOR BIT DATA, VB VARCHAR(20) FOR BIT DATA, DT DATE,"
            " TM TIME, TS TIMESTAMP, BO BOOLEAN)"));
    const char* rows[] = {
        "(1, -32768, -2147483648, -9223372036854775808, -9999999999999999999999999999999,"
        " -0.9999999999999999999999999999999, -1234567890123.45, -3.4028235E38, "
        "-1.7976931348623157E308,"
        " '', '', '', X'0000000000000000', X'', '0001-01-01', '00:00:00', '0001-01-01 00:00:00', "
        "FALSE)",
        "(2, 32767, 2147483647, 9223372036854775807, 9999999999999999999999999999999,"
        " 0.9999999999999999999999999999999, 1234567890123.45, 3.4028235E38, "
        "1.7976931348623157E308,"
        " 'abcdefghij', 'h\xC3\xA9llo w\xC3\xB6rld \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 "
        "\"quoted\" \\back',"
        " 'long ' , X'DEADBEEF00C0FFEE', X'00FF00', '9999-12-31', '23:59:59', '9999-12-31 "
        "23:59:59.999999999', TRUE)",
        "(3, 0, 0, 0, 0, 0, -0.00, 0, 0, 'x', 'tab\there', 'new\nline', X'0102030405060708',"
        " X'01', '2024-02-29', '12:34:56', '2024-02-29 12:34:56.000000001', TRUE)",
        "(4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL,"
        " NULL, NULL)",
        "(5, 1, -1, 1, 1, 0.0000000000000000000000000000001, 0.01, 1.4E-45, 4.9E-324, ' padded',"
        " '  spaces  ', '', X'FFFFFFFFFFFFFFFF', X'7F', '1970-01-01', '01:02:03',"
        " '1970-01-01 00:00:00.123456', FALSE)",
    };
    for (const char* row : rows) {
      ASSERT_NO_FATAL_FAILURE(Run("INSERT INTO " + table_ + " VALUES " + row));
    }
    ASSERT_TRUE(connection_->Commit());
  }
};

TEST_F(TypeTable, EveryValueMatchesDerbysOwnJdbcClient) { ExpectEveryValueMatchesJdbc(5); }

TEST_F(TypeTable, RowsThatStraddleSmallBlocksDecodeTheSame) {
  const std::string query = "SELECT * FROM " + table_ + " ORDER BY ID";
  const std::vector<std::string> with_default_blocks = ReadWithOurClient(*connection_, query);
  drda::ConnectOptions options = drda::testing::DerbyOptions();
  options.query_block_size = 512;  // Derby's minimum: every row crosses a block boundary
  auto small = drda::Connection::Open(options);
  ASSERT_TRUE(small) << small.error().ToString();
  EXPECT_EQ(ReadWithOurClient(**small, query), with_default_blocks);
}

TEST_F(TypeTable, RowValuesAgreeWithRowToJsonWithAndWithoutTheCatalog) {
  const std::string query = "SELECT * FROM " + table_ + " ORDER BY ID";
  ExpectRowValuesAgreeWithRowToJson(*connection_, query, {}, 5);
  const drda::ConnectOptions options = drda::testing::DerbyOptions();
  std::string schema = options.user;
  for (char& c : schema) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto described = DescribeTable(*connection_, options.database, schema, table_);
  ASSERT_TRUE(described) << described.error().ToString();
  ExpectRowValuesAgreeWithRowToJson(*connection_, query, described->columns, 5);
}

// LOB columns switch Derby to one row per CNTQRY with the values in EXTDTA objects after the
// row; large values span many DSS segments.
class LobTable : public DerbyTableTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenWithTable("LOBS"));
    Run("CREATE TABLE " + table_ +
        " (ID INT NOT NULL PRIMARY KEY, BL BLOB(4M), CL CLOB(4M), BLN BLOB(4M) NOT NULL,"
        " CLN CLOB(4M) NOT NULL, AFTER_LOBS VARCHAR(10))");
    Run("INSERT INTO " + table_ +
        " VALUES (1, NULL, NULL, CAST(X'' AS BLOB), '', 'a'),"
        " (2, CAST(X'' AS BLOB), '', CAST(X'00' AS BLOB), 'x', NULL),"
        " (3, CAST(X'00DEAD00BEEF00' AS BLOB), 'h\xC3\xA9llo \xE4\xB8\xAD\xE6\x96\x87 "
        "\xF0\x9F\x98\x80', CAST(X'FF' AS BLOB), 'y', 'c'),"
        " (4, CAST(X'0001020304050607' AS BLOB), '0123456789abcdef\xC3\xA9', "
        "CAST(X'0001020304050607' AS BLOB), 'abcdefgh', 'd')");
    // Doubling row 4 seventeen times makes values of 1 MiB (BLOB) and 2.1 MB (CLOB).
    for (int i = 0; i < 17; ++i) {
      Run("UPDATE " + table_ + " SET BL = BL || BL, CL = CL || CL, BLN = BLN || BLN WHERE ID = 4");
    }
    ASSERT_TRUE(connection_->Commit());
  }
};

TEST_F(LobTable, EveryValueMatchesDerbysOwnJdbcClient) {
  ASSERT_NO_FATAL_FAILURE(ExpectEveryValueMatchesJdbc(4));
  const auto big = nlohmann::json::parse(our_rows_[3]);
  EXPECT_EQ(big["BL"].get<std::string>().size(), 2u * (8u << 17));  // hex of 1 MiB
  EXPECT_EQ(big["CL"].get<std::string>().size(), 18u << 17);
}

TEST_F(LobTable, RowValuesAgreeWithRowToJson) {
  ExpectRowValuesAgreeWithRowToJson(*connection_, "SELECT * FROM " + table_ + " ORDER BY ID", {},
                                    4);
}

TEST_F(LobTable, CursorsAroundALobQueryKeepTheirRows) {
  // A LOB query read in small steps while an ordinary query is open on the same connection.
  auto plain = connection_->OpenQuery("SELECT ID, AFTER_LOBS FROM " + table_ + " ORDER BY ID");
  ASSERT_TRUE(plain) << plain.error().ToString();
  auto lobs = connection_->OpenQuery("SELECT ID, BLN FROM " + table_ + " ORDER BY ID");
  ASSERT_TRUE(lobs) << lobs.error().ToString();
  const std::string expected_bln[] = {"", std::string(1, '\0'), "\xFF"};
  for (int row = 0; row < 4; ++row) {
    auto next_lob = (*lobs)->Next();
    ASSERT_TRUE(next_lob && *next_lob) << row;
    auto next_plain = (*plain)->Next();
    ASSERT_TRUE(next_plain && *next_plain) << row;
    if (row < 3) {
      EXPECT_EQ(drda::AsText((*lobs)->row()[1].bytes), expected_bln[row]);
    } else {
      EXPECT_EQ((*lobs)->row()[1].bytes.size(), 8u << 17);
    }
  }
  ASSERT_TRUE((*lobs)->Close());
  ASSERT_TRUE((*plain)->Close());
}

}  // namespace
}  // namespace db2kafka::db2
