// Early-return helpers for Result<T>, in the style of Abseil's status macros.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "base/error.h"

#define DB2KAFKA_CONCAT_INNER(a, b) a##b
#define DB2KAFKA_CONCAT(a, b) DB2KAFKA_CONCAT_INNER(a, b)

// Returns the error of a Result/Status expression from the enclosing function.
#define DB2KAFKA_TRY(expr)                                                   \
  do {                                                                       \
    auto db2kafka_try_result = (expr);                                       \
    if (!db2kafka_try_result)                                                \
      return ::db2kafka::base::Fail(std::move(db2kafka_try_result).error()); \
  } while (false)

// DB2KAFKA_ASSIGN_OR_RETURN(auto value, ComputeValue());
#define DB2KAFKA_ASSIGN_OR_RETURN(lhs, expr) \
  DB2KAFKA_ASSIGN_OR_RETURN_IMPL(DB2KAFKA_CONCAT(db2kafka_result_, __LINE__), lhs, expr)
// `lhs` is a declaration, so it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define DB2KAFKA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)             \
  auto tmp = (expr);                                               \
  if (!tmp) return ::db2kafka::base::Fail(std::move(tmp).error()); \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

// A broken invariant is a bug: abort loudly in every build type, never continue with bad state.
#define DB2KAFKA_CHECK(condition)                                                            \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

// Discarding an error must be a visible, greppable act.
#define DB2KAFKA_IGNORE_ERROR(expr) static_cast<void>(expr)
