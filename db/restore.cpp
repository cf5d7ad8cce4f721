// Verifying and restoring a backup directory (db/backup.hpp): nothing is
// put in place before the manifest and every file it lists have been
// checked, and each copy is checked again as it is written.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "codec/crc32c.hpp"
#include "db/backup.hpp"

namespace timeless::db {

namespace fs = std::filesystem;

namespace {

std::string hex8(uint32_t x) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", x);
  return buf;
}

/// Reads the whole manifest (at most 1 MiB).
status read_manifest(const std::string& path, std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT
               ? status::not_found(path + " is missing: not a backup, or an "
                                          "unfinished one")
               : status::io_error("cannot open " + path + ": " +
                                  std::strerror(errno));
  out.clear();
  char buf[65536];
  while (true) {
    auto n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0 || out.size() > (size_t{1} << 20)) {
      ::close(fd);
      if (n < 0)
        return status::io_error("cannot read " + path);
      if (n > 0)
        return status::corruption(path + " is larger than 1 MiB");
      return status::ok();
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

/// Copies `src` to the new file `dst`, syncing it, and checks the bytes
/// written against `want`.
status copy_checked(const std::string& src, const std::string& dst,
                    const manifest_file& want) {
  int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0)
    return status::io_error("cannot open " + src + ": " + std::strerror(errno));
  int out = ::open(dst.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    auto err = errno;
    ::close(in);
    return status::io_error("cannot create " + dst + ": " + std::strerror(err));
  }
  std::vector<char> buf(size_t{1} << 20);
  uint64_t bytes = 0;
  uint32_t crc = 0;
  status st = status::ok();
  while (st.is_ok()) {
    auto n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      st = status::io_error("cannot read " + src + ": " + std::strerror(errno));
      break;
    }
    if (n == 0)
      break;
    crc = codec::crc32c(buf.data(), static_cast<size_t>(n), crc);
    bytes += static_cast<uint64_t>(n);
    size_t done = 0;
    while (done < static_cast<size_t>(n)) {
      auto w = ::write(out, buf.data() + done, static_cast<size_t>(n) - done);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0) {
        st = status::io_error("cannot write " + dst + ": " +
                              std::strerror(errno));
        break;
      }
      done += static_cast<size_t>(w);
    }
  }
  if (st.is_ok() && ::fsync(out) != 0)
    st = status::io_error("cannot sync " + dst + ": " + std::strerror(errno));
  ::close(in);
  ::close(out);
  if (st.is_ok() && (bytes != want.bytes || crc != want.crc))
    st = status::corruption(src + " changed while it was restored");
  return st;
}

} // namespace

status verify_backup(const std::string& from, backup_manifest& out) {
  std::string text;
  auto path = (fs::path{from} / manifest_name).string();
  if (auto st = read_manifest(path, text); !st.is_ok())
    return st;
  if (auto st = decode_manifest(text, out); !st.is_ok())
    return st;
  for (auto& f : out.files) {
    auto p = (fs::path{from} / f.name).string();
    uint64_t bytes = 0;
    uint32_t crc = 0;
    if (auto st = file_checksum(p, bytes, crc); !st.is_ok())
      return st.get_code() == status::code::not_found
                 ? status::corruption("backup file " + f.name +
                                      " listed in the manifest is missing")
                 : st;
    if (bytes != f.bytes)
      return status::corruption(
          "backup file " + f.name + " has " + std::to_string(bytes) +
          " bytes, the manifest says " + std::to_string(f.bytes));
    if (crc != f.crc)
      return status::corruption("backup file " + f.name +
                                ": CRC-32C mismatch (computed " + hex8(crc) +
                                ", the manifest says " + hex8(f.crc) + ")");
  }
  return status::ok();
}

status restore_backup(const std::string& from, const std::string& data_dir,
                      backup_stats& out) {
  out = backup_stats{};
  if (auto st = check_empty_target(data_dir); !st.is_ok())
    return st;
  backup_manifest m;
  if (auto st = verify_backup(from, m); !st.is_ok())
    return st;
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec)
    return status::io_error("cannot create " + data_dir + ": " + ec.message());
  for (auto& f : m.files) {
    auto src = (fs::path{from} / f.name).string();
    auto dst = (fs::path{data_dir} / f.name).string();
    if (auto st = copy_checked(src, dst, f); !st.is_ok())
      return st;
    out.bytes += f.bytes;
    ++out.files;
  }
  return sync_path(data_dir);
}

} // namespace timeless::db
