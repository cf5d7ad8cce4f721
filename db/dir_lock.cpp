#include "db/dir_lock.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace timeless::db {

namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

/// The pid recorded in the lock file, or "unknown".
std::string holder_pid(int fd) {
  char buf[32] = {};
  auto n = pread(fd, buf, sizeof(buf) - 1, 0);
  if (n <= 0)
    return "unknown";
  std::string pid{buf, static_cast<size_t>(n)};
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
    pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

} // namespace

dir_lock::dir_lock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
  // nop
}

dir_lock::~dir_lock() {
  flock(fd_, LOCK_UN);
  close(fd_);
}

status dir_lock::acquire(const std::string& dir,
                         std::unique_ptr<dir_lock>& out) {
  out.reset();
  std::string path = dir + "/LOCK";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return status::io_error("cannot open lock file " + path + ": " +
                            errno_text(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err == EWOULDBLOCK) {
      auto pid = holder_pid(fd);
      close(fd);
      return status::locked("data directory " + dir +
                            " is in use by another process (pid " + pid + ")");
    }
    close(fd);
    return status::io_error("cannot lock " + path + ": " + errno_text(err));
  }
  auto pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) !=
                                   static_cast<ssize_t>(pid.size())) {
    int err = errno;
    close(fd);
    return status::io_error("cannot write lock file " + path + ": " +
                            errno_text(err));
  }
  out.reset(new dir_lock(fd, std::move(path)));
  return status::ok();
}

} // namespace timeless::db
