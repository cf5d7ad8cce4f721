#include "db/wal_reader.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>

#include "codec/crc32c.hpp"
#include "db/wal_format.hpp"

namespace timeless::db {

namespace {

/// Bounds-checked little-endian reads over a byte span.
struct cursor {
  std::span<const uint8_t> in;
  size_t pos = 0;

  template <class T>
  bool get(T& x) {
    if (in.size() - pos < sizeof(T))
      return false;
    std::memcpy(&x, in.data() + pos, sizeof(T));
    pos += sizeof(T);
    return true;
  }

  bool get_string(std::string& s) {
    uint32_t n = 0;
    if (!get(n) || in.size() - pos < n)
      return false;
    s.assign(reinterpret_cast<const char*>(in.data() + pos), n);
    pos += n;
    return true;
  }

  template <class T>
  bool get_array(std::vector<T>& v, size_t n) {
    if ((in.size() - pos) / sizeof(T) < n)
      return false;
    v.resize(n);
    if (n > 0)
      std::memcpy(v.data(), in.data() + pos, n * sizeof(T));
    pos += n * sizeof(T);
    return true;
  }
};

} // namespace

status wal_reader::open_file(const std::string& path,
                             std::unique_ptr<wal_reader>& out) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return status::io_error("cannot open log " + path);
  std::unique_ptr<wal_reader> r{new wal_reader};
  r->owned_.assign(std::istreambuf_iterator<char>(in),
                   std::istreambuf_iterator<char>());
  if (in.bad())
    return status::io_error("cannot read log " + path);
  r->bytes_ = r->owned_;
  if (auto st = r->init(path); !st.is_ok())
    return st;
  out = std::move(r);
  return status::ok();
}

status wal_reader::open_memory(std::span<const uint8_t> bytes,
                               std::unique_ptr<wal_reader>& out) {
  std::unique_ptr<wal_reader> r{new wal_reader};
  r->bytes_ = bytes;
  if (auto st = r->init("<memory>"); !st.is_ok())
    return st;
  out = std::move(r);
  return status::ok();
}

status wal_reader::init(std::string name) {
  name_ = std::move(name);
  if (bytes_.size() < wal::file_header_bytes)
    return status::corruption("log " + name_ + ": header cut short (" +
                              std::to_string(bytes_.size()) + " bytes)");
  if (std::memcmp(bytes_.data(), wal::magic, sizeof(wal::magic)) != 0)
    return status::corruption("log " + name_ + ": bad magic");
  cursor c{bytes_, 8};
  uint16_t version = 0, reserved = 0;
  uint32_t crc = 0;
  c.get(version);
  c.get(reserved);
  c.get(shard_);
  c.get(gen_);
  c.get(crc);
  if (crc != codec::crc32c(bytes_.data(), 24))
    return status::corruption("log " + name_ + ": header checksum mismatch");
  if (version != wal::version)
    return status::corruption("log " + name_ + ": unsupported version " +
                              std::to_string(version));
  pos_ = wal::file_header_bytes;
  return status::ok();
}

status wal_reader::next(wal_record& rec, bool& end) {
  rec.defs.clear();
  rec.series.clear();
  rec.ts.clear();
  rec.values.clear();
  end = false;
  auto remaining = bytes_.size() - pos_;
  if (remaining == 0) {
    end = true;
    return status::ok();
  }
  auto torn = [&] {
    torn_ = true;
    end = true;
    return status::ok();
  };
  auto damaged = [&](const std::string& why) {
    return status::corruption("log " + name_ + " at offset " +
                              std::to_string(pos_) + ": " + why);
  };
  if (remaining < wal::record_header_bytes)
    return torn();
  uint32_t len = 0, crc = 0;
  std::memcpy(&len, bytes_.data() + pos_, 4);
  std::memcpy(&crc, bytes_.data() + pos_ + 4, 4);
  if (len > wal::max_record_bytes)
    return damaged("record length " + std::to_string(len) + " too large");
  if (remaining - wal::record_header_bytes < len)
    return torn();
  auto body = bytes_.subspan(pos_ + 8, len + 1);
  if (codec::crc32c(body.data(), body.size()) != crc) {
    // A bad record that ends exactly at the end of the file is the torn
    // tail of a crash mid-write; anything after it means damage.
    if (remaining == wal::record_header_bytes + len)
      return torn();
    return damaged("record checksum mismatch");
  }
  if (body[0] != wal::batch_record)
    return damaged("unknown record type " + std::to_string(body[0]));
  cursor c{body.subspan(1)};
  uint32_t ndefs = 0, npoints = 0;
  if (!c.get(ndefs) || !c.get(npoints))
    return damaged("batch header cut short");
  // Each definition needs at least 16 bytes: bounds the reservation.
  if (ndefs > len / 16)
    return damaged("definition count " + std::to_string(ndefs) +
                   " exceeds the record");
  rec.defs.resize(ndefs);
  for (auto& d : rec.defs)
    if (!c.get(d.id) || !c.get_string(d.metric) || !c.get_string(d.labels))
      return damaged("series definition cut short");
  if (!c.get_array(rec.series, npoints) || !c.get_array(rec.ts, npoints) ||
      !c.get_array(rec.values, npoints))
    return damaged("point columns cut short");
  if (c.pos != c.in.size())
    return damaged("trailing bytes in record");
  pos_ += wal::record_header_bytes + len;
  return status::ok();
}

} // namespace timeless::db
