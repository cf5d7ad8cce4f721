#pragma once

#include <memory>
#include <string>

#include "db/status.hpp"

namespace timeless::db {

/// An exclusive lock on a data directory: flock(LOCK_EX) on `<dir>/LOCK`,
/// which also records the holder's pid. The lock belongs to the open file
/// description, so a second acquire fails even within the same process. The
/// kernel drops it when the process dies; the destructor releases it.
class dir_lock {
 public:
  /// Locks `dir` (which must exist). Returns locked("data directory X is in
  /// use by another process (pid N)") when it is held elsewhere, io_error
  /// naming the path if the lock file cannot be opened or written.
  static status acquire(const std::string& dir, std::unique_ptr<dir_lock>& out);

  ~dir_lock();

  dir_lock(const dir_lock&) = delete;
  dir_lock& operator=(const dir_lock&) = delete;

  /// The path of the lock file.
  const std::string& path() const { return path_; }

 private:
  dir_lock(int fd, std::string path);

  int fd_;
  std::string path_;
};

} // namespace timeless::db
