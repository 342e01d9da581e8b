#include "base/error.h"

#include <gtest/gtest.h>

#include "base/status_macros.h"

namespace db2kafka::base {
namespace {

TEST(ErrorClassification, SqlStateClassesDecideRetriability) {
  EXPECT_TRUE(IsRetriableSqlState("08001"));  // connection refused
  EXPECT_TRUE(IsRetriableSqlState("08S01"));
  EXPECT_TRUE(IsRetriableSqlState("40001"));   // deadlock / timeout rollback
  EXPECT_TRUE(IsRetriableSqlState("57033"));   // lock timeout
  EXPECT_FALSE(IsRetriableSqlState("42704"));  // undefined name
  EXPECT_FALSE(IsRetriableSqlState("22001"));  // data too long
  EXPECT_FALSE(IsRetriableSqlState("23505"));  // duplicate key
  EXPECT_FALSE(IsRetriableSqlState(""));
  EXPECT_FALSE(IsRetriableSqlState("0"));
}

TEST(ErrorClassification, CodesCarryDefaultRetriability) {
  EXPECT_TRUE(MakeError(ErrorCode::kUnavailable, "x").retriable);
  EXPECT_TRUE(MakeError(ErrorCode::kDeadlineExceeded, "x").retriable);
  EXPECT_FALSE(MakeError(ErrorCode::kUnauthenticated, "x").retriable);
  EXPECT_FALSE(MakeError(ErrorCode::kInvalidArgument, "x").retriable);
  EXPECT_FALSE(MakeError(ErrorCode::kProtocol, "x").retriable);
}

TEST(Error, ToStringNamesCodeAndSqlState) {
  Error error = MakeError(ErrorCode::kNotFound, "table ASN.IBMSNAP_REGISTER does not exist");
  EXPECT_EQ(error.ToString(), "NotFound: table ASN.IBMSNAP_REGISTER does not exist");
  error.sqlstate = "42704";
  error.sqlcode = -204;
  EXPECT_EQ(error.ToString(),
            "NotFound: table ASN.IBMSNAP_REGISTER does not exist [SQLSTATE 42704, SQLCODE -204]");
}

TEST(Error, WithContextKeepsCodeAndRetriability) {
  Error error = WithContext(MakeError(ErrorCode::kUnavailable, "broker down"), "cannot write t1");
  EXPECT_EQ(error.message, "cannot write t1: broker down");
  EXPECT_EQ(error.code, ErrorCode::kUnavailable);
  EXPECT_TRUE(error.retriable);
}

Result<int> Half(int value) {
  if (value % 2 != 0) return Fail(ErrorCode::kInvalidArgument, "odd");
  return value / 2;
}

Result<int> Quarter(int value) {
  DB2KAFKA_ASSIGN_OR_RETURN(int half, Half(value));
  DB2KAFKA_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusMacros, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(Quarter(8).value(), 2);
  Result<int> failed = Quarter(6);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "odd");
}

}  // namespace
}  // namespace db2kafka::base
