#include "db/wal_writer.hpp"

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "codec/crc32c.hpp"
#include "db/wal_files.hpp"
#include "db/wal_format.hpp"

namespace timeless::db {

namespace {

template <class T>
void put(std::vector<uint8_t>& buf, T x) {
  static_assert(std::is_trivially_copyable_v<T>);
  auto pos = buf.size();
  buf.resize(pos + sizeof(T));
  std::memcpy(buf.data() + pos, &x, sizeof(T)); // little-endian hosts
}

void put_bytes(std::vector<uint8_t>& buf, const void* data, size_t n) {
  auto pos = buf.size();
  buf.resize(pos + n);
  if (n > 0)
    std::memcpy(buf.data() + pos, data, n);
}

std::string os_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

} // namespace

wal_writer::wal_writer(int fd, std::string path, uint32_t shard, uint64_t gen)
    : fd_(fd), path_(std::move(path)), shard_(shard), gen_(gen) {
  // nop
}

wal_writer::~wal_writer() {
  if (fd_ >= 0)
    ::close(fd_);
}

status wal_writer::create(const std::string& dir, uint32_t shard, uint64_t gen,
                          std::unique_ptr<wal_writer>& out) {
  auto path = wal_file_path(dir, shard, gen);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return status::io_error(os_error("cannot create log", path));
  std::unique_ptr<wal_writer> w{new wal_writer(fd, path, shard, gen)};
  std::vector<uint8_t> hdr;
  put_bytes(hdr, wal::magic, sizeof(wal::magic));
  put<uint16_t>(hdr, wal::version);
  put<uint16_t>(hdr, 0);
  put<uint32_t>(hdr, shard);
  put<uint64_t>(hdr, gen);
  put<uint32_t>(hdr, codec::crc32c(hdr.data(), hdr.size()));
  put<uint32_t>(hdr, 0);
  assert(hdr.size() == wal::file_header_bytes);
  if (auto st = w->write_all(hdr.data(), hdr.size()); !st.is_ok())
    return st;
  out = std::move(w);
  return status::ok();
}

status wal_writer::write_all(const uint8_t* data, size_t size) {
  if (failed_)
    return status::io_error("log " + path_ + " failed earlier");
  while (size > 0) {
    auto n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      failed_ = true;
      return status::io_error(os_error("cannot append to log", path_));
    }
    data += n;
    size -= static_cast<size_t>(n);
    bytes_ += static_cast<uint64_t>(n);
  }
  return status::ok();
}

status wal_writer::append(std::span<const wal_series_def> defs,
                          std::span<const uint64_t> series,
                          std::span<const int64_t> ts,
                          std::span<const double> values) {
  assert(series.size() == ts.size() && ts.size() == values.size());
  buf_.clear();
  buf_.resize(wal::record_header_bytes);
  put<uint32_t>(buf_, static_cast<uint32_t>(defs.size()));
  put<uint32_t>(buf_, static_cast<uint32_t>(series.size()));
  for (auto& d : defs) {
    put<uint64_t>(buf_, d.id);
    put<uint32_t>(buf_, static_cast<uint32_t>(d.metric.size()));
    put_bytes(buf_, d.metric.data(), d.metric.size());
    put<uint32_t>(buf_, static_cast<uint32_t>(d.labels.size()));
    put_bytes(buf_, d.labels.data(), d.labels.size());
  }
  put_bytes(buf_, series.data(), series.size_bytes());
  put_bytes(buf_, ts.data(), ts.size_bytes());
  put_bytes(buf_, values.data(), values.size_bytes());
  auto payload = buf_.size() - wal::record_header_bytes;
  if (payload > wal::max_record_bytes)
    return status::invalid_argument("log record of " + std::to_string(payload) +
                                    " bytes exceeds the maximum");
  buf_[8] = wal::batch_record;
  uint32_t len = static_cast<uint32_t>(payload);
  uint32_t crc = codec::crc32c(buf_.data() + 8, payload + 1);
  std::memcpy(buf_.data(), &len, 4);
  std::memcpy(buf_.data() + 4, &crc, 4);
  return write_all(buf_.data(), buf_.size());
}

status wal_writer::sync() {
  if (failed_)
    return status::io_error("log " + path_ + " failed earlier");
  if (::fdatasync(fd_) != 0) {
    failed_ = true;
    return status::io_error(os_error("cannot sync log", path_));
  }
  return status::ok();
}

} // namespace timeless::db
