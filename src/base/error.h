// Errors are values: every fallible function returns Result<T>, and Error says what failed, with
// which object, and what the user can do. Whether an error is worth retrying is decided once, here
// (SQLSTATE classes) or in the adapter that owns the foreign error space (librdkafka's flags).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace db2kafka::base {

enum class ErrorCode {
  kInvalidArgument,  // the input (config, SQL, a record) is wrong; fix the input
  kNotFound,         // a named object does not exist
  kAlreadyExists,
  kFailedPrecondition,  // the system is not in a state to do this (e.g. topic layout changed)
  kUnauthenticated,     // credentials refused
  kPermissionDenied,    // authenticated but not allowed
  kUnavailable,         // a server cannot be reached now; usually worth retrying
  kDeadlineExceeded,
  kAborted,
  kResourceExhausted,
  kDataLoss,
  kProtocol,  // a peer sent bytes or answers we cannot accept
  kInternal,
  kCancelled,  // stopped on request (Ctrl-C, shutdown) at a safe point; not a failure of the work
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string sqlstate;  // five characters when the error came from SQL, else empty
  int32_t sqlcode = 0;
  bool retriable = false;

  // "Unavailable: cannot reach ..." (+ " [SQLSTATE 08001, SQLCODE -30081]" when set).
  std::string ToString() const;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

// Builds an error whose retriable flag follows the code: Unavailable, DeadlineExceeded and Aborted
// are transient by nature; everything else needs a human.
Error MakeError(ErrorCode code, std::string message);
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(MakeError(code, std::move(message)));
}
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

bool IsRetriableByDefault(ErrorCode code);

// SQLSTATE classes: 08 (connection), 40 (transaction rollback, e.g. deadlock), 57 (resource not
// available / operator intervention) are retriable; everything else (42 syntax or access, 22 data,
// 23 constraint, ...) is not.
bool IsRetriableSqlState(std::string_view sqlstate);

// Prefixes the message with context, keeping code and retriability:
// "cannot write topic orders: " + "broker down".
Error WithContext(Error error, std::string_view context);

}  // namespace db2kafka::base
