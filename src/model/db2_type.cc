#include "model/db2_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace db2kafka::model {
namespace {

// java.sql.Types codes, written out so the table reads like the JDBC documentation.
constexpr int32_t kJdbcChar = 1, kJdbcDecimal = 3, kJdbcInteger = 4, kJdbcSmallint = 5,
                  kJdbcReal = 7, kJdbcDouble = 8, kJdbcVarchar = 12, kJdbcBoolean = 16,
                  kJdbcDate = 91, kJdbcTime = 92, kJdbcTimestamp = 93, kJdbcBigint = -5,
                  kJdbcLongVarchar = -1, kJdbcBinary = -2, kJdbcVarbinary = -3,
                  kJdbcLongVarbinary = -4, kJdbcBlob = 2004, kJdbcClob = 2005, kJdbcSqlXml = 2009,
                  kJdbcDb2Decfloat = -360;

// IBM JCC reports GRAPHIC types as their character counterparts, so consumers see CHAR/VARCHAR.
constexpr std::array<Db2TypeInfo, 26> kTypes = {{
    {Db2Type::kSmallint, "SMALLINT", ValueKind::kInt16, kJdbcSmallint, false},
    {Db2Type::kInteger, "INTEGER", ValueKind::kInt32, kJdbcInteger, false},
    {Db2Type::kBigint, "BIGINT", ValueKind::kInt64, kJdbcBigint, false},
    {Db2Type::kDecimal, "DECIMAL", ValueKind::kDecimal, kJdbcDecimal, false},
    {Db2Type::kDecfloat, "DECFLOAT", ValueKind::kDecFloat, kJdbcDb2Decfloat, false},
    {Db2Type::kReal, "REAL", ValueKind::kFloat32, kJdbcReal, false},
    {Db2Type::kDouble, "DOUBLE", ValueKind::kFloat64, kJdbcDouble, false},
    {Db2Type::kChar, "CHAR", ValueKind::kString, kJdbcChar, true},
    {Db2Type::kVarchar, "VARCHAR", ValueKind::kString, kJdbcVarchar, true},
    {Db2Type::kLongVarchar, "LONG VARCHAR", ValueKind::kString, kJdbcLongVarchar, false},
    {Db2Type::kCharForBitData, "CHAR FOR BIT DATA", ValueKind::kBytes, kJdbcBinary, true},
    {Db2Type::kVarcharForBitData, "VARCHAR FOR BIT DATA", ValueKind::kBytes, kJdbcVarbinary, true},
    {Db2Type::kLongVarcharForBitData, "LONG VARCHAR FOR BIT DATA", ValueKind::kBytes,
     kJdbcLongVarbinary, false},
    {Db2Type::kBinary, "BINARY", ValueKind::kBytes, kJdbcBinary, true},
    {Db2Type::kVarbinary, "VARBINARY", ValueKind::kBytes, kJdbcVarbinary, true},
    {Db2Type::kGraphic, "GRAPHIC", ValueKind::kString, kJdbcChar, true},
    {Db2Type::kVargraphic, "VARGRAPHIC", ValueKind::kString, kJdbcVarchar, true},
    {Db2Type::kLongVargraphic, "LONG VARGRAPHIC", ValueKind::kString, kJdbcLongVarchar, false},
    {Db2Type::kDate, "DATE", ValueKind::kDate, kJdbcDate, false},
    {Db2Type::kTime, "TIME", ValueKind::kTime, kJdbcTime, false},
    {Db2Type::kTimestamp, "TIMESTAMP", ValueKind::kTimestamp, kJdbcTimestamp, false},
    {Db2Type::kClob, "CLOB", ValueKind::kString, kJdbcClob, true},
    {Db2Type::kBlob, "BLOB", ValueKind::kBytes, kJdbcBlob, true},
    {Db2Type::kDbclob, "DBCLOB", ValueKind::kString, kJdbcClob, true},
    {Db2Type::kXml, "XML", ValueKind::kXml, kJdbcSqlXml, false},
    {Db2Type::kBoolean, "BOOLEAN", ValueKind::kBoolean, kJdbcBoolean, false},
}};

constexpr bool TableFollowsEnumOrder() {
  for (size_t i = 0; i < kTypes.size(); ++i) {
    if (static_cast<size_t>(kTypes[i].type) != i) return false;
  }
  return true;
}
static_assert(TableFollowsEnumOrder());

struct CatalogAlias {
  std::string_view catalog_name;
  Db2Type type;
};
// Spellings the catalogs use beyond the DDL names above (Derby writes "()" where the length goes).
constexpr std::array<CatalogAlias, 9> kAliases = {{
    {"NUMERIC", Db2Type::kDecimal},
    {"DOUBLE PRECISION", Db2Type::kDouble},
    {"FLOAT", Db2Type::kDouble},
    {"INT", Db2Type::kInteger},
    {"CHARACTER", Db2Type::kChar},
    {"CHAR () FOR BIT DATA", Db2Type::kCharForBitData},
    {"VARCHAR () FOR BIT DATA", Db2Type::kVarcharForBitData},
    {"CHARACTER LARGE OBJECT", Db2Type::kClob},
    {"BINARY LARGE OBJECT", Db2Type::kBlob},
}};

}  // namespace

const Db2TypeInfo& InfoOf(Db2Type type) { return kTypes[static_cast<size_t>(type)]; }

std::span<const Db2TypeInfo> AllDb2Types() { return kTypes; }

std::optional<Db2Type> Db2TypeFromCatalogName(std::string_view catalog_name) {
  std::string upper(catalog_name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const Db2TypeInfo& info : kTypes) {
    if (info.name == upper) return info.type;
  }
  for (const CatalogAlias& alias : kAliases) {
    if (alias.catalog_name == upper) return alias.type;
  }
  return std::nullopt;
}

}  // namespace db2kafka::model
