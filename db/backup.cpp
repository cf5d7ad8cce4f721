// Taking a backup of a data directory's SQLite files (the layout: db/backup.hpp
// and docs/format.md "Backups"). Restoring one: db/restore.cpp.

#include "db/backup.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <vector>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "codec/crc32c.hpp"
#include "codec/segment_codec.hpp"
#include "db/schema.hpp"

namespace timeless::db {

namespace fs = std::filesystem;

namespace {

struct sqlite_closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using sqlite_ptr = std::unique_ptr<sqlite3, sqlite_closer>;

status sqlite_error(sqlite3* db, int rc, const std::string& path,
                    std::string_view what) {
  std::string msg = std::string{what} + " " + path + ": " +
                    (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? status::corruption(msg)
                                                     : status::io_error(msg);
}

status open_sqlite(const std::string& path, int flags, sqlite_ptr& out) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  out.reset(raw);
  if (rc != SQLITE_OK)
    return sqlite_error(raw, rc, path, "cannot open");
  sqlite3_busy_timeout(raw, 5000);
  return status::ok();
}

status exec(sqlite3* db, const char* sql, const std::string& path) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return sqlite_error(db, rc, path,
                        std::string{"cannot run '"} + sql + "' on");
  return status::ok();
}

status write_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return status::io_error("cannot create " + path + ": " +
                            std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      auto err = errno;
      ::close(fd);
      return status::io_error("cannot write " + path + ": " +
                              std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  bool ok = ::fsync(fd) == 0;
  auto err = errno;
  ::close(fd);
  if (!ok)
    return status::io_error("cannot sync " + path + ": " + std::strerror(err));
  return status::ok();
}

/// True if `inner` is `outer` or lies below it.
bool inside(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  auto a = fs::weakly_canonical(inner, ec);
  auto b = fs::weakly_canonical(outer, ec);
  auto [ai, bi] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return bi == b.end() || (std::next(bi) == b.end() && bi->empty());
}

} // namespace

status sync_path(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return status::io_error("cannot open " + path + ": " +
                            std::strerror(errno));
  bool ok = ::fsync(fd) == 0;
  auto err = errno;
  ::close(fd);
  if (!ok)
    return status::io_error("cannot sync " + path + ": " + std::strerror(err));
  return status::ok();
}

status file_checksum(const std::string& path, uint64_t& bytes, uint32_t& crc) {
  bytes = 0;
  crc = 0;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? status::not_found(path + " is missing")
                           : status::io_error("cannot open " + path + ": " +
                                              std::strerror(errno));
  std::vector<char> buf(size_t{1} << 20);
  while (true) {
    auto n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      auto err = errno;
      ::close(fd);
      return status::io_error("cannot read " + path + ": " +
                              std::strerror(err));
    }
    if (n == 0)
      break;
    crc = codec::crc32c(buf.data(), static_cast<size_t>(n), crc);
    bytes += static_cast<uint64_t>(n);
  }
  ::close(fd);
  return status::ok();
}

status check_empty_target(const std::string& dest) {
  if (dest.empty())
    return status::invalid_argument("the destination path is empty");
  std::error_code ec;
  auto st = fs::status(dest, ec);
  if (!fs::exists(st))
    return status::ok();
  if (!fs::is_directory(st))
    return status::invalid_argument("destination " + dest +
                                    " exists and is not a directory");
  if (!fs::is_empty(dest, ec) || ec)
    return status::invalid_argument("destination " + dest +
                                    " exists and is not empty");
  return status::ok();
}

status copy_database_online(const std::string& src, const std::string& dst,
                            int pages_per_step) {
  sqlite_ptr from;
  sqlite_ptr to;
  if (auto st = open_sqlite(src, SQLITE_OPEN_READONLY, from); !st.is_ok())
    return st;
  // One read snapshot for the whole copy: the steps see the same pages
  // however many commits the store's writer makes meanwhile, and the backup
  // never restarts.
  if (auto st =
          exec(from.get(), "BEGIN; SELECT count(*) FROM sqlite_master;", src);
      !st.is_ok())
    return st;
  if (auto st =
          open_sqlite(dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, to);
      !st.is_ok())
    return st;
  auto* b = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (b == nullptr)
    return sqlite_error(to.get(), sqlite3_errcode(to.get()), dst,
                        "cannot start the backup into");
  int rc = SQLITE_OK;
  int waits = 0;
  while (true) {
    rc = sqlite3_backup_step(b, pages_per_step);
    if (rc == SQLITE_DONE)
      break;
    if (rc == SQLITE_OK)
      continue;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++waits < 1000) {
      sqlite3_sleep(10);
      continue;
    }
    break;
  }
  int frc = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    return sqlite_error(to.get(), rc, src + " to " + dst, "backup step of");
  if (frc != SQLITE_OK)
    return sqlite_error(to.get(), frc, dst, "cannot finish the backup into");
  if (auto st = exec(from.get(), "COMMIT", src); !st.is_ok())
    return st;
  // The copied header says WAL mode; fold everything into the main file so
  // the backup is exactly the files the manifest lists.
  if (auto st = exec(to.get(), "PRAGMA journal_mode=DELETE", dst); !st.is_ok())
    return st;
  if (sqlite3_close(to.release()) != SQLITE_OK)
    return status::io_error("cannot close " + dst);
  return sync_path(dst);
}

status take_backup(const std::string& data_dir, const std::string& dest,
                   int64_t now_ms, backup_stats& out) {
  out = backup_stats{};
  if (auto st = check_empty_target(dest); !st.is_ok())
    return st;
  if (inside(dest, data_dir))
    return status::invalid_argument(
        "destination " + dest + " lies inside the data directory " + data_dir);
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(data_dir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    auto name = it->path().filename().string();
    if (it->is_regular_file() && name.ends_with(".db") &&
        valid_backup_file_name(name))
      names.push_back(std::move(name));
  }
  if (ec)
    return status::io_error("cannot list " + data_dir + ": " + ec.message());
  std::ranges::sort(names);
  if (!std::ranges::binary_search(names, std::string{"timeless.db"}))
    return status::not_found(data_dir + " holds no timeless.db");
  fs::create_directories(dest, ec);
  if (ec)
    return status::io_error("cannot create " + dest + ": " + ec.message());
  backup_manifest m;
  m.schema_version = schema_version;
  m.segment_version = codec::segment_version;
  m.created_ms = now_ms;
  for (auto& name : names) {
    auto src = (fs::path{data_dir} / name).string();
    auto dst = (fs::path{dest} / name).string();
    if (auto st = copy_database_online(src, dst); !st.is_ok())
      return st;
    manifest_file f;
    f.name = name;
    if (auto st = file_checksum(dst, f.bytes, f.crc); !st.is_ok())
      return st;
    out.bytes += f.bytes;
    ++out.files;
    m.files.push_back(std::move(f));
  }
  auto final_path = (fs::path{dest} / manifest_name).string();
  auto tmp = final_path + ".tmp";
  if (auto st = write_file(tmp, encode_manifest(m)); !st.is_ok())
    return st;
  fs::rename(tmp, final_path, ec);
  if (ec)
    return status::io_error("cannot rename " + tmp + ": " + ec.message());
  return sync_path(dest);
}

} // namespace timeless::db
