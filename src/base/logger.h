// Process-wide logging to stderr as text or JSON lines. Every line passes through the redactor, so
// a secret registered once (a password from the task file) never reaches a log even if some message
// quotes it by mistake. Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace db2kafka::base {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;

  static Logger& Default();

  void SetLevel(LogLevel level);
  void SetFormat(LogFormat format);
  void SetSink(Sink sink);  // tests capture lines here; the default writes to stderr
  void AddSecret(std::string_view secret);

  void Log(LogLevel level, std::string_view component, std::string_view message);
  std::string Redact(std::string_view text) const;

 private:
  std::string FormatLine(LogLevel level, std::string_view component,
                         std::string_view message) const;

  mutable std::mutex mutex_;
  LogLevel level_ = LogLevel::kInfo;
  LogFormat format_ = LogFormat::kText;
  Sink sink_;
  std::vector<std::string> secrets_;
};

inline void LogDebug(std::string_view component, std::string_view message) {
  Logger::Default().Log(LogLevel::kDebug, component, message);
}
inline void LogInfo(std::string_view component, std::string_view message) {
  Logger::Default().Log(LogLevel::kInfo, component, message);
}
inline void LogWarning(std::string_view component, std::string_view message) {
  Logger::Default().Log(LogLevel::kWarning, component, message);
}
inline void LogError(std::string_view component, std::string_view message) {
  Logger::Default().Log(LogLevel::kError, component, message);
}

// The secret replaced by "***" wherever it occurs in text.
std::string RedactSecrets(std::string_view text, const std::vector<std::string>& secrets);

}  // namespace db2kafka::base
