#include "kafka/kafka_error.h"

#include <gtest/gtest.h>

namespace db2kafka::kafka {
namespace {

using base::ErrorCode;

TEST(KafkaError, ClassifiesRetriableAndFatalCodes) {
  struct Case {
    rd_kafka_resp_err_t code;
    ErrorCode expected;
    bool retriable;
  };
  const Case cases[] = {
      {RD_KAFKA_RESP_ERR__TRANSPORT, ErrorCode::kUnavailable, true},
      {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, ErrorCode::kUnavailable, true},
      {RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, ErrorCode::kDeadlineExceeded, true},
      {RD_KAFKA_RESP_ERR__QUEUE_FULL, ErrorCode::kResourceExhausted, true},
      {RD_KAFKA_RESP_ERR__AUTHENTICATION, ErrorCode::kUnauthenticated, false},
      {RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, ErrorCode::kUnauthenticated, false},
      {RD_KAFKA_RESP_ERR__SSL, ErrorCode::kFailedPrecondition, false},
      {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, ErrorCode::kPermissionDenied, false},
      {RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, ErrorCode::kNotFound, false},
      {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, ErrorCode::kInvalidArgument, false},
      {RD_KAFKA_RESP_ERR__FATAL, ErrorCode::kAborted, false},
      {RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION, ErrorCode::kInternal, false},
  };
  for (const Case& c : cases) {
    const base::Error error = KafkaError(c.code, "ctx");
    EXPECT_EQ(error.code, c.expected) << rd_kafka_err2name(c.code);
    EXPECT_EQ(error.retriable, c.retriable) << rd_kafka_err2name(c.code);
  }
}

TEST(KafkaError, MessageHasContextDetailAndCodeName) {
  const base::Error error =
      KafkaError(RD_KAFKA_RESP_ERR__TRANSPORT, "cannot write orders", "Connection refused");
  EXPECT_EQ(error.message, "cannot write orders: Connection refused (_TRANSPORT)");
}

TEST(KafkaError, ErrorObjectsWithoutFlagsFollowTheTable) {
  rd_kafka_error_t* error = rd_kafka_error_new(RD_KAFKA_RESP_ERR__TRANSPORT, "broker %d gone", 1);
  const base::Error converted = KafkaError(error, "ctx");
  EXPECT_TRUE(converted.retriable);
  EXPECT_EQ(converted.message, "ctx: broker 1 gone (_TRANSPORT)");
  rd_kafka_error_destroy(error);
}

}  // namespace
}  // namespace db2kafka::kafka
