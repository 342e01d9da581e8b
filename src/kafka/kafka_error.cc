#include "kafka/kafka_error.h"

#include <array>

namespace db2kafka::kafka {
namespace {

using base::ErrorCode;

struct KafkaErrorClass {
  rd_kafka_resp_err_t code;
  ErrorCode error_code;
  bool retriable;
};

constexpr std::array kKafkaErrorClasses = {
    // Reaching the cluster: transient, the runner's connection-retry window applies.
    KafkaErrorClass{RD_KAFKA_RESP_ERR__TRANSPORT, ErrorCode::kUnavailable, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, ErrorCode::kUnavailable, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__RESOLVE, ErrorCode::kUnavailable, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, ErrorCode::kUnavailable, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, ErrorCode::kUnavailable, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, ErrorCode::kUnavailable, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, ErrorCode::kUnavailable, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, ErrorCode::kUnavailable,
                    true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__TIMED_OUT, ErrorCode::kDeadlineExceeded, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, ErrorCode::kDeadlineExceeded, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, ErrorCode::kDeadlineExceeded, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__QUEUE_FULL, ErrorCode::kResourceExhausted, true},
    // Given up at close: not written, so the runner resends from its checkpoint.
    KafkaErrorClass{RD_KAFKA_RESP_ERR__PURGE_QUEUE, ErrorCode::kAborted, true},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, ErrorCode::kAborted, true},
    // Needs a person: credentials, certificates, names, sizes.
    KafkaErrorClass{RD_KAFKA_RESP_ERR__AUTHENTICATION, ErrorCode::kUnauthenticated, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, ErrorCode::kUnauthenticated,
                    false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__SSL, ErrorCode::kFailedPrecondition, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, ErrorCode::kPermissionDenied,
                    false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, ErrorCode::kPermissionDenied,
                    false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    ErrorCode::kPermissionDenied, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, ErrorCode::kNotFound, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, ErrorCode::kNotFound, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION, ErrorCode::kNotFound, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS, ErrorCode::kAlreadyExists, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, ErrorCode::kInvalidArgument, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_INVALID_RECORD, ErrorCode::kInvalidArgument, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR__INVALID_ARG, ErrorCode::kInvalidArgument, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_INVALID_CONFIG, ErrorCode::kInvalidArgument, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_INVALID_PARTITIONS, ErrorCode::kInvalidArgument, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR, ErrorCode::kInvalidArgument,
                    false},
    // The idempotent producer lost its guarantees (sequence gap): the task must stop, not retry
    // into duplicates or gaps.
    KafkaErrorClass{RD_KAFKA_RESP_ERR__FATAL, ErrorCode::kAborted, false},
    KafkaErrorClass{RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, ErrorCode::kDataLoss, false},
};

const KafkaErrorClass* FindClass(rd_kafka_resp_err_t code) {
  for (const auto& entry : kKafkaErrorClasses) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

}  // namespace

base::Error KafkaError(rd_kafka_resp_err_t code, std::string_view context,
                       std::string_view detail) {
  const KafkaErrorClass* found = FindClass(code);
  base::Error error = base::MakeError(found ? found->error_code : ErrorCode::kInternal, "");
  // Unknown codes are treated as fatal: retrying what we do not understand risks duplicates.
  error.retriable = found != nullptr && found->retriable;
  error.message = std::string(context);
  error.message += ": ";
  error.message += detail.empty() ? rd_kafka_err2str(code) : detail;
  error.message += " (";
  error.message += rd_kafka_err2name(code);
  error.message += ")";
  return error;
}

base::Error KafkaError(const rd_kafka_error_t* error, std::string_view context) {
  base::Error result =
      KafkaError(rd_kafka_error_code(error), context, rd_kafka_error_string(error));
  if (rd_kafka_error_is_fatal(error)) {
    result.retriable = false;
  } else if (rd_kafka_error_is_retriable(error)) {
    result.retriable = true;
  }
  return result;
}

}  // namespace db2kafka::kafka
