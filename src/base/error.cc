#include "base/error.h"

#include <array>
#include <utility>

namespace db2kafka::base {
namespace {

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;
  bool retriable;
};

constexpr std::array kErrorCodes = {
    ErrorCodeInfo{ErrorCode::kInvalidArgument, "InvalidArgument", false},
    ErrorCodeInfo{ErrorCode::kNotFound, "NotFound", false},
    ErrorCodeInfo{ErrorCode::kAlreadyExists, "AlreadyExists", false},
    ErrorCodeInfo{ErrorCode::kFailedPrecondition, "FailedPrecondition", false},
    ErrorCodeInfo{ErrorCode::kUnauthenticated, "Unauthenticated", false},
    ErrorCodeInfo{ErrorCode::kPermissionDenied, "PermissionDenied", false},
    ErrorCodeInfo{ErrorCode::kUnavailable, "Unavailable", true},
    ErrorCodeInfo{ErrorCode::kDeadlineExceeded, "DeadlineExceeded", true},
    ErrorCodeInfo{ErrorCode::kAborted, "Aborted", true},
    ErrorCodeInfo{ErrorCode::kResourceExhausted, "ResourceExhausted", false},
    ErrorCodeInfo{ErrorCode::kDataLoss, "DataLoss", false},
    ErrorCodeInfo{ErrorCode::kProtocol, "Protocol", false},
    ErrorCodeInfo{ErrorCode::kInternal, "Internal", false},
    ErrorCodeInfo{ErrorCode::kCancelled, "Cancelled", false},
};

const ErrorCodeInfo& InfoFor(ErrorCode code) {
  for (const auto& info : kErrorCodes) {
    if (info.code == code) return info;
  }
  return kErrorCodes.back();
}

constexpr std::array<std::string_view, 3> kRetriableSqlStateClasses = {"08", "40", "57"};

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) { return InfoFor(code).name; }

bool IsRetriableByDefault(ErrorCode code) { return InfoFor(code).retriable; }

bool IsRetriableSqlState(std::string_view sqlstate) {
  if (sqlstate.size() < 2) return false;
  for (std::string_view retriable_class : kRetriableSqlStateClasses) {
    if (sqlstate.substr(0, 2) == retriable_class) return true;
  }
  return false;
}

Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}, 0, IsRetriableByDefault(code)};
}

std::string Error::ToString() const {
  std::string text(ErrorCodeName(code));
  text += ": ";
  text += message;
  if (!sqlstate.empty()) {
    text += " [SQLSTATE " + sqlstate;
    if (sqlcode != 0) text += ", SQLCODE " + std::to_string(sqlcode);
    text += "]";
  }
  return text;
}

Error WithContext(Error error, std::string_view context) {
  error.message = std::string(context) + ": " + error.message;
  return error;
}

}  // namespace db2kafka::base
