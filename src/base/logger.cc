#include "base/logger.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace db2kafka::base {
namespace {

constexpr std::string_view kRedacted = "***";

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}

std::string UtcTimestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return text;
}

}  // namespace

std::string RedactSecrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::string result(text);
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = result.find(secret); at != std::string::npos;
         at = result.find(secret, at + kRedacted.size())) {
      result.replace(at, secret.size(), kRedacted);
    }
  }
  return result;
}

Logger& Logger::Default() {
  static Logger logger;
  return logger;
}

void Logger::SetLevel(LogLevel level) {
  std::lock_guard lock(mutex_);
  level_ = level;
}

void Logger::SetFormat(LogFormat format) {
  std::lock_guard lock(mutex_);
  format_ = format;
}

void Logger::SetSink(Sink sink) {
  std::lock_guard lock(mutex_);
  sink_ = std::move(sink);
}

void Logger::AddSecret(std::string_view secret) {
  if (secret.empty()) return;
  std::lock_guard lock(mutex_);
  secrets_.emplace_back(secret);
}

std::string Logger::Redact(std::string_view text) const {
  std::lock_guard lock(mutex_);
  return RedactSecrets(text, secrets_);
}

std::string Logger::FormatLine(LogLevel level, std::string_view component,
                               std::string_view message) const {
  const std::string safe_message = RedactSecrets(message, secrets_);
  if (format_ == LogFormat::kJson) {
    nlohmann::json line = {{"ts", UtcTimestamp()},
                           {"level", LevelName(level)},
                           {"component", component},
                           {"msg", safe_message}};
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string line = UtcTimestamp();
  line += ' ';
  line += LevelName(level);
  line += ' ';
  line += component;
  line += ": ";
  line += safe_message;
  return line;
}

void Logger::Log(LogLevel level, std::string_view component, std::string_view message) {
  std::lock_guard lock(mutex_);
  if (level < level_) return;
  const std::string line = FormatLine(level, component, message);
  if (sink_) {
    sink_(line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace db2kafka::base
