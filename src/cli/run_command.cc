// `db2kafka run`: runs a task's phases with a progress display. On a terminal the display redraws
// one line per table in place; otherwise (a pipe, a log file, a service) it writes a plain line per
// table every ten seconds, which log collectors can read. The incremental phase, which runs until
// stopped, writes one line every ten seconds: position, changes sent, how old the last one is.
// Ctrl-C (SIGINT) or SIGTERM stops at the next checkpoint; a second Ctrl-C ends the process at once
// (the store stays consistent either way, the next run redoes a little more).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/logger.h"
#include "cli/commands.h"
#include "cli/task_file.h"
#include "runner/task_runner.h"

namespace db2kafka::cli {
namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void RequestStop(int signal_number) {
  g_stop_requested.store(true);
  std::signal(signal_number, SIG_DFL);
}

std::string Duration(double seconds) {
  if (seconds < 0 || seconds > 360000) return "--:--";
  const int64_t total = std::llround(seconds);
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof(text), "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  } else {
    std::snprintf(text, sizeof(text), "%02lld:%02lld", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  }
  return text;
}

// Rows per second and ETA per table from the change in rows done between two reports.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool terminal) : terminal_(terminal) {}

  // The last report is shown at the end even when a plain line was not due, so a log always ends
  // with every table's final count.
  void Finish() {
    if (unshown_.empty()) return;
    // Show clears unshown_, so it must not read the tables from it.
    const std::vector<runner::FullSyncTableProgress> last = std::move(unshown_);
    unshown_.clear();
    Show(last, /*force=*/true);
  }

  void Show(std::span<const runner::FullSyncTableProgress> tables, bool force = false) {
    const auto now = std::chrono::steady_clock::now();
    const bool plain_due = now - last_plain_ >= std::chrono::seconds(10);
    if (!terminal_ && !plain_due && !force) {
      unshown_.assign(tables.begin(), tables.end());
      return;
    }
    unshown_.clear();
    if (terminal_ && lines_drawn_ > 0) std::fprintf(stderr, "\033[%zuA", lines_drawn_);
    for (const runner::FullSyncTableProgress& table : tables) {
      Rate& rate = rates_[table.table];
      const double elapsed = std::chrono::duration<double>(now - rate.since).count();
      if (rate.since.time_since_epoch().count() == 0) {
        rate = {now, table.rows_done, 0};
      } else if (elapsed >= 1.0) {
        const double current = static_cast<double>(table.rows_done - rate.rows) / elapsed;
        rate.per_second = rate.per_second == 0 ? current : 0.7 * rate.per_second + 0.3 * current;
        rate.since = now;
        rate.rows = table.rows_done;
      }
      const bool done = table.chunks_total > 0 && table.chunks_done == table.chunks_total;
      const int64_t total = std::max(table.rows_estimate, table.rows_done);
      const double percent =
          total > 0 ? 100.0 * static_cast<double>(table.rows_done) / static_cast<double>(total)
                    : (done ? 100.0 : 0.0);
      const double eta = done
                             ? 0
                             : (rate.per_second > 0
                                    ? static_cast<double>(total - table.rows_done) / rate.per_second
                                    : -1);
      std::fprintf(stderr, "%s%-40s %12lld / %-12lld rows %5.1f%%  %9.0f rows/s  ETA %s%s\n",
                   terminal_ ? "\033[2K" : "full: ", table.table.c_str(),
                   static_cast<long long>(table.rows_done), static_cast<long long>(total), percent,
                   done ? 0.0 : rate.per_second, done ? "done" : Duration(eta).c_str(), "");
    }
    lines_drawn_ = tables.size();
    last_plain_ = now;
  }

 private:
  struct Rate {
    std::chrono::steady_clock::time_point since{};
    int64_t rows = 0;
    double per_second = 0;
  };
  bool terminal_;
  size_t lines_drawn_ = 0;
  std::chrono::steady_clock::time_point last_plain_{};
  std::map<std::string, Rate> rates_;
  std::vector<runner::FullSyncTableProgress> unshown_;
};

}  // namespace

int RunRun(const std::string& task_file) {
  const auto task = LoadTaskFileOrReport(task_file, TaskUse::kSync);
  if (!task) return kExitBadInput;

  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
  ProgressDisplay display(isatty(STDERR_FILENO) == 1);
  runner::RunHooks hooks;
  hooks.stop = &g_stop_requested;
  hooks.report = [](std::string_view line) {
    std::fprintf(stderr, "%s\n", base::Logger::Default().Redact(std::string(line)).c_str());
  };
  hooks.progress = [&display](std::span<const runner::FullSyncTableProgress> tables) {
    display.Show(tables);
  };
  hooks.incremental_progress = [](const runner::IncrementalProgress& progress) {
    std::string latency = "no change acknowledged yet";
    if (progress.last_commit_time_us != 0) {
      const double seconds = static_cast<double>(base::SystemClock::Instance().NowMicros() -
                                                 progress.last_commit_time_us) /
                             1e6;
      char text[64];
      std::snprintf(text, sizeof(text), "last change committed %.1f s ago", seconds);
      latency = text;
    }
    std::fprintf(stderr,
                 "incremental: position %s, %lld change(s) in %lld transaction(s) sent this run "
                 "(%lld sent before by a stopped run), %lld left out by filters or operations; "
                 "%s\n",
                 progress.position.ToHex().c_str(), static_cast<long long>(progress.changes_sent),
                 static_cast<long long>(progress.transactions_sent),
                 static_cast<long long>(progress.resent), static_cast<long long>(progress.not_sent),
                 latency.c_str());
  };

  const auto started = std::chrono::steady_clock::now();
  const auto summary = runner::RunTask(*task, hooks);
  display.Finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!summary) {
    const base::Error& error = summary.error();
    std::fprintf(stderr, "task %s: %s\n", task->name.c_str(),
                 base::Logger::Default().Redact(error.message).c_str());
    if (error.code == base::ErrorCode::kCancelled) {
      std::fprintf(stderr, "run the same command again to resume\n");
    }
    return error.code == base::ErrorCode::kInvalidArgument ? kExitBadInput : kExitFailure;
  }
  if (summary->already_done) {
    std::printf(
        "task %s: already done (see db2kafka status); remove its state file to run it "
        "again\n",
        task->name.c_str());
    return kExitOk;
  }
  std::printf(
      "task %s: done in %.1f s: %zu table(s), %lld DDL record(s), %lld row(s) in %lld "
      "chunk(s) this run",
      task->name.c_str(), seconds, summary->tables, static_cast<long long>(summary->ddl_records),
      static_cast<long long>(summary->full.rows), static_cast<long long>(summary->full.chunks));
  if (summary->full.resent_rows > 0) {
    std::printf(", %lld of them from chunks an earlier run had started (possible duplicates)",
                static_cast<long long>(summary->full.resent_rows));
  }
  std::printf("\n");
  return kExitOk;
}

}  // namespace db2kafka::cli
