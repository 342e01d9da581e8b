#include "store/detail/lock_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace db2kafka::store::detail {

base::Result<std::unique_ptr<LockFile>> LockFile::Acquire(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int error = errno;
    return base::Fail(error == EACCES || error == EROFS || error == EPERM
                          ? base::ErrorCode::kPermissionDenied
                          : base::ErrorCode::kFailedPrecondition,
                      "cannot create the task store lock " + path + ": " + std::strerror(error) +
                          " — give db2kafka write access to the state directory or set state_dir "
                          "to a writable directory");
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "task store lock " + path + " is held (" + std::strerror(error) +
                          "): this task is already running in another db2kafka process; stop "
                          "that one first");
  }
  return std::unique_ptr<LockFile>(new LockFile(fd));
}

LockFile::~LockFile() { ::close(fd_); }  // closing the descriptor releases the flock

}  // namespace db2kafka::store::detail
