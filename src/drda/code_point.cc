#include "drda/code_point.h"

#include <array>
#include <cstdio>
#include <string_view>
#include <utility>

namespace db2kafka::drda {
namespace {

constexpr std::array<std::pair<uint16_t, std::string_view>, 63> kNames = {{
    {cp::kExcsat, "EXCSAT"},       {cp::kAccsec, "ACCSEC"},       {cp::kSecchk, "SECCHK"},
    {cp::kAccrdb, "ACCRDB"},       {cp::kClsqry, "CLSQRY"},       {cp::kCntqry, "CNTQRY"},
    {cp::kDscsqlstt, "DSCSQLSTT"}, {cp::kExcsqlimm, "EXCSQLIMM"}, {cp::kExcsqlstt, "EXCSQLSTT"},
    {cp::kOpnqry, "OPNQRY"},       {cp::kPrpsqlstt, "PRPSQLSTT"}, {cp::kRdbcmm, "RDBCMM"},
    {cp::kRdbrllbck, "RDBRLLBCK"}, {cp::kSqlstt, "SQLSTT"},       {cp::kSqldta, "SQLDTA"},
    {cp::kSqlcard, "SQLCARD"},     {cp::kSqldard, "SQLDARD"},     {cp::kQrydsc, "QRYDSC"},
    {cp::kQrydta, "QRYDTA"},       {cp::kExtdta, "EXTDTA"},       {cp::kPbsd, "PBSD"},
    {cp::kTypdefnam, "TYPDEFNAM"}, {cp::kTypdefovr, "TYPDEFOVR"}, {cp::kExcsatrd, "EXCSATRD"},
    {cp::kAccsecrd, "ACCSECRD"},   {cp::kSecchkrm, "SECCHKRM"},   {cp::kAccrdbrm, "ACCRDBRM"},
    {cp::kRdbupdrm, "RDBUPDRM"},   {cp::kEnduowrm, "ENDUOWRM"},   {cp::kOpnqryrm, "OPNQRYRM"},
    {cp::kEndqryrm, "ENDQRYRM"},   {cp::kOpnqflrm, "OPNQFLRM"},   {cp::kSqlerrrm, "SQLERRRM"},
    {cp::kQrynoprm, "QRYNOPRM"},   {cp::kQrypoprm, "QRYPOPRM"},   {cp::kAbnuowrm, "ABNUOWRM"},
    {cp::kDtamchrm, "DTAMCHRM"},   {cp::kRdbnfnrm, "RDBNFNRM"},   {cp::kRdbaflrm, "RDBAFLRM"},
    {cp::kRdbathrm, "RDBATHRM"},   {cp::kRdbnacrm, "RDBNACRM"},   {cp::kRdbaccrm, "RDBACCRM"},
    {cp::kRslsetrm, "RSLSETRM"},   {cp::kSyntaxrm, "SYNTAXRM"},   {cp::kPrccnvrm, "PRCCNVRM"},
    {cp::kCmdchkrm, "CMDCHKRM"},   {cp::kCmdnsprm, "CMDNSPRM"},   {cp::kPrmnsprm, "PRMNSPRM"},
    {cp::kValnsprm, "VALNSPRM"},   {cp::kObjnsprm, "OBJNSPRM"},   {cp::kMgrlvlrm, "MGRLVLRM"},
    {cp::kAgnprmrm, "AGNPRMRM"},   {cp::kCmdathrm, "CMDATHRM"},   {cp::kSecmec, "SECMEC"},
    {cp::kSectkn, "SECTKN"},       {cp::kRdbnam, "RDBNAM"},       {cp::kPkgnamcsn, "PKGNAMCSN"},
    {cp::kQryinsid, "QRYINSID"},   {cp::kSvrcod, "SVRCOD"},       {cp::kSqlrslrd, "SQLRSLRD"},
    {cp::kSqlcinrd, "SQLCINRD"},   {cp::kSqldtard, "SQLDTARD"},   {cp::kPkgsnlst, "PKGSNLST"},
}};

}  // namespace

std::string CodePointName(uint16_t code_point) {
  char hex[8];
  std::snprintf(hex, sizeof(hex), "0x%04X", code_point);
  for (const auto& [known, name] : kNames) {
    if (known == code_point) return std::string(name) + " (" + hex + ")";
  }
  return std::string("code point ") + hex;
}

}  // namespace db2kafka::drda
