// An exclusive advisory lock (flock) on a file beside the task's database, held while a TaskStore
// is open, so two processes never run the same task on one checkpoint. The kernel drops it when
// the process dies, kill -9 included.
#pragma once

#include <memory>
#include <string>

#include "base/error.h"

namespace db2kafka::store::detail {

class LockFile {
 public:
  // FailedPrecondition when another process (or another TaskStore) holds the lock.
  static base::Result<std::unique_ptr<LockFile>> Acquire(const std::string& path);
  ~LockFile();
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;

 private:
  explicit LockFile(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace db2kafka::store::detail
