#include "kafka/partitioner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "base/hex.h"

namespace db2kafka::kafka {
namespace {

TEST(JavaStringHashCode, MatchesKnownJavaValues) {
  // Values printed by java.lang.String.hashCode().
  EXPECT_EQ(JavaStringHashCode(""), 0);
  EXPECT_EQ(JavaStringHashCode("a"), 97);
  EXPECT_EQ(JavaStringHashCode("hello"), 99162322);
  EXPECT_EQ(JavaStringHashCode("polygenelubricants"), static_cast<int32_t>(0x80000000));
}

TEST(PartitionForHash, IsNeverNegativeAndFollowsJavaRemainder) {
  EXPECT_EQ(PartitionForHash(99162322, 7), 99162322 % 7);
  EXPECT_EQ(PartitionForHash(-7, 3), 1);  // Java: -7 % 3 == -1, Math.abs → 1
  EXPECT_EQ(PartitionForHash(std::numeric_limits<int32_t>::min(), 3), 2);
  EXPECT_EQ(PartitionForHash(12345, 1), 0);
}

TEST(ChoosePartition, Partition0AndEmptyKeysGoToPartitionZero) {
  EXPECT_EQ(ChoosePartition(PartitionPolicy::kPartition0, "APP.ORDERS", 12), 0);
  EXPECT_EQ(ChoosePartition(PartitionPolicy::kTable, "", 12), 0);
  EXPECT_EQ(ChoosePartition(PartitionPolicy::kTable, "APP.ORDERS", 12),
            PartitionForHash(JavaStringHashCode("APP.ORDERS"), 12));
}

TEST(PartitionKeys, AreBuiltAsDocumented) {
  EXPECT_EQ(TableKey("APP", "ORDERS"), "APP.ORDERS");
  const std::vector<std::string_view> values = {"42", "", "x|y"};
  EXPECT_EQ(PrimaryKeyKey(values), "42||x|y");
}

TEST(ParsePartitionPolicy, AcceptsTheTaskFileNamesOnly) {
  EXPECT_EQ(ParsePartitionPolicy("primary_key").value(), PartitionPolicy::kPrimaryKey);
  EXPECT_FALSE(ParsePartitionPolicy("hash").has_value());
}

// The same keys hashed and partitioned by the JVM itself, so Java consumers agree with us.
TEST(JavaStringHashCode, AgreesWithTheJvmOnEveryVector) {
  std::vector<std::string> keys = {
      "",
      "APP.ORDERS",
      "SAMPLE.EMPLOYEE",
      "42",
      "42|7|x",
      "Grüße.Straße",                           // two-byte UTF-8
      "\xe4\xb8\xad\xe6\x96\x87.\xe8\xa1\xa8",  // CJK, three-byte UTF-8
      "emoji \xf0\x9f\x98\x80 key",             // a surrogate pair in UTF-16
      "\xf4\x8f\xbf\xbf",                       // U+10FFFF
      "polygenelubricants",
      std::string(1000, 'z'),
      "lone continuation \x80 byte",
      "truncated \xc3",
      "overlong \xc0\xaf slash",
  };
  for (int i = 0; i < 200; ++i) keys.push_back("APP.T" + std::to_string(i * 7919));
  const std::vector<int32_t> partition_counts = {1, 2, 3, 7, 12, 64};

  const std::string input_path = testing::TempDir() + "/partitioner_vectors.txt";
  const std::string output_path = testing::TempDir() + "/partitioner_java.txt";
  {
    std::ofstream input(input_path);
    for (const std::string& key : keys) {
      for (int32_t count : partition_counts) input << base::HexLower(key) << ' ' << count << '\n';
    }
  }
  const std::string command = "java " + std::string(DB2KAFKA_SOURCE_DIR) +
                              "/src/kafka/tests/JavaPartitioner.java < " + input_path + " > " +
                              output_path;
  ASSERT_EQ(std::system(command.c_str()), 0) << "the JVM could not run: " << command;

  std::ifstream output(output_path);
  for (const std::string& key : keys) {
    for (int32_t count : partition_counts) {
      int64_t java_hash = 0;
      int32_t java_partition = -1;
      ASSERT_TRUE(output >> java_hash >> java_partition) << "JVM output ended early";
      EXPECT_EQ(JavaStringHashCode(key), java_hash) << "key hex " << base::HexLower(key);
      EXPECT_EQ(ChoosePartition(PartitionPolicy::kPrimaryKey, key, count),
                key.empty() ? 0 : java_partition)
          << "key hex " << base::HexLower(key) << " partitions " << count;
    }
  }
}

}  // namespace
}  // namespace db2kafka::kafka
