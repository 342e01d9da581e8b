// Large results against the real Derby server: bounded memory, closing early, two open cursors.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include "drda/connection.h"
#include "drda/cursor.h"
#include "drda/tests/derby_test_env.h"
#include "drda/tests/mixed_table.h"
#include "drda/value_decoder.h"

#if defined(__SANITIZE_ADDRESS__)
// ASan keeps freed blocks in a quarantine (256 MiB by default), which would count as growth in
// the memory bound below; a small quarantine keeps the bound meaningful in the sanitizer build.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=16"; }
#endif

namespace db2kafka::drda {
namespace {

constexpr int64_t kRows = 1'000'000;

int64_t PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

class MillionRows : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto connection = Connection::Open(testing::DerbyOptions());
    ASSERT_TRUE(connection) << connection.error().ToString();
    table_ = new std::string("MILLION_" + std::to_string(getpid()));
    const base::Status created = testing::CreateMixedTable(**connection, *table_, kRows);
    ASSERT_TRUE(created) << created.error().ToString();
  }
  static void TearDownTestSuite() {
    auto connection = Connection::Open(testing::DerbyOptions());
    if (connection) {
      EXPECT_TRUE((*connection)->ExecuteImmediate("DROP TABLE " + *table_));
      EXPECT_TRUE((*connection)->Commit());
    }
    delete table_;
  }
  void SetUp() override {
    auto connection = Connection::Open(testing::DerbyOptions());
    ASSERT_TRUE(connection) << connection.error().ToString();
    connection_ = std::move(*connection);
  }
  int64_t IdOf(const Cursor& cursor) {
    return DecodeInteger(cursor.columns()[0], cursor.row()[0].bytes,
                         connection_->server().byte_order)
        .value();
  }

  static std::string* table_;
  std::unique_ptr<Connection> connection_;
};
std::string* MillionRows::table_ = nullptr;

TEST_F(MillionRows, StreamsEveryRowWithBoundedMemory) {
  const int64_t rss_before = PeakRssKib();
  auto cursor = connection_->OpenQuery("SELECT * FROM " + *table_);
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  ASSERT_EQ((*cursor)->columns().size(), 10u);
  int64_t count = 0;
  int64_t id_sum = 0;
  size_t bytes = 0;
  while (true) {
    auto next = (*cursor)->Next();
    ASSERT_TRUE(next) << next.error().ToString();
    if (!*next) break;
    ++count;
    id_sum += IdOf(**cursor);
    for (const FieldView& field : (*cursor)->row()) bytes += field.bytes.size();
  }
  EXPECT_EQ(count, kRows);
  EXPECT_EQ(id_sum, kRows * (kRows + 1) / 2);
  EXPECT_GT(bytes, static_cast<size_t>(kRows) * 80);  // the data really crossed the wire
  EXPECT_GT((*cursor)->blocks_received(), 50);        // in many 1 MiB blocks, not one buffer
  const int64_t growth_kib = PeakRssKib() - rss_before;
  EXPECT_LT(growth_kib, 64 * 1024) << "peak RSS grew by " << growth_kib << " KiB";
}

TEST_F(MillionRows, ClosingInTheMiddleKeepsTheConnectionUsable) {
  auto cursor = connection_->OpenQuery("SELECT * FROM " + *table_ + " ORDER BY ID");
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  for (int i = 1; i <= 1000; ++i) {
    ASSERT_TRUE((*cursor)->Next().value());
    ASSERT_EQ(IdOf(**cursor), i);
  }
  ASSERT_TRUE((*cursor)->Close());
  auto next = (*cursor)->Next();
  ASSERT_TRUE(next);
  EXPECT_FALSE(*next);
  auto again = connection_->OpenQuery("SELECT COUNT(*) FROM " + *table_);
  ASSERT_TRUE(again) << again.error().ToString();
  ASSERT_TRUE((*again)->Next().value());
  EXPECT_EQ(IdOf(**again), kRows);
}

TEST_F(MillionRows, TwoCursorsInterleave) {
  auto ascending = connection_->OpenQuery("SELECT ID FROM " + *table_ + " ORDER BY ID");
  ASSERT_TRUE(ascending) << ascending.error().ToString();
  auto descending = connection_->OpenQuery("SELECT ID FROM " + *table_ + " ORDER BY ID DESC");
  ASSERT_TRUE(descending) << descending.error().ToString();
  for (int64_t i = 1; i <= 200'000; ++i) {
    ASSERT_TRUE((*ascending)->Next().value());
    ASSERT_TRUE((*descending)->Next().value());
    ASSERT_EQ(IdOf(**ascending), i);
    ASSERT_EQ(IdOf(**descending), kRows + 1 - i);
  }
  EXPECT_TRUE((*ascending)->Close());
  EXPECT_TRUE((*descending)->Close());
}

}  // namespace
}  // namespace db2kafka::drda
