#include "model/db2_type.h"

#include <gtest/gtest.h>

namespace db2kafka::model {
namespace {

TEST(Db2Type, EveryDdlNameRoundTrips) {
  for (const Db2TypeInfo& info : AllDb2Types()) {
    EXPECT_EQ(Db2TypeFromCatalogName(info.name), info.type) << info.name;
  }
}

TEST(Db2Type, KnowsTheCatalogSpellingsOfDerbyAndDb2) {
  EXPECT_EQ(Db2TypeFromCatalogName("NUMERIC"), Db2Type::kDecimal);
  EXPECT_EQ(Db2TypeFromCatalogName("CHAR () FOR BIT DATA"), Db2Type::kCharForBitData);
  EXPECT_EQ(Db2TypeFromCatalogName("VARCHAR () FOR BIT DATA"), Db2Type::kVarcharForBitData);
  EXPECT_EQ(Db2TypeFromCatalogName("long varchar for bit data"), Db2Type::kLongVarcharForBitData);
  EXPECT_EQ(Db2TypeFromCatalogName("DOUBLE PRECISION"), Db2Type::kDouble);
  EXPECT_EQ(Db2TypeFromCatalogName("ROWID"), std::nullopt);
}

TEST(Db2Type, JdbcCodesAreJavaSqlTypes) {
  EXPECT_EQ(InfoOf(Db2Type::kBigint).jdbc_type, -5);
  EXPECT_EQ(InfoOf(Db2Type::kVarcharForBitData).jdbc_type, -3);
  EXPECT_EQ(InfoOf(Db2Type::kTimestamp).jdbc_type, 93);
  EXPECT_EQ(InfoOf(Db2Type::kXml).jdbc_type, 2009);
}

}  // namespace
}  // namespace db2kafka::model
