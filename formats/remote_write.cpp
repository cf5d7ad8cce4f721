#include "formats/remote_write.hpp"

#include <bit>
#include <cstring>
#include <limits>

#include <snappy.h>

#include "timeless/error.hpp"

namespace timeless::formats {

namespace {

enum wire_type : uint32_t {
  wt_varint = 0,
  wt_i64 = 1,
  wt_len = 2,
  wt_i32 = 5,
};

/// Reads protobuf wire format from [p, end); offsets in errors are from
/// `origin`, the start of the uncompressed body.
struct pb_reader {
  const char* p;
  const char* end;
  const char* origin;
  /// After a failed read: what was wrong and where.
  std::string* what;
  size_t* at;

  bool done() const { return p >= end; }

  bool fail(std::string msg, const char* where) {
    *what = std::move(msg);
    *at = static_cast<size_t>(where - origin);
    return false;
  }

  bool varint(uint64_t& out) {
    if (p < end && static_cast<uint8_t>(*p) < 0x80) { // one byte: most keys
      out = static_cast<uint8_t>(*p++);
      return true;
    }
    auto start = p;
    uint64_t x = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
      if (p == end)
        return fail("truncated varint", start);
      auto b = static_cast<uint8_t>(*p++);
      if (shift == 63 && b > 1)
        return fail("varint over 64 bits", start);
      x |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (b < 0x80) {
        out = x;
        return true;
      }
    }
    return fail("varint over 64 bits", start);
  }

  bool key(uint32_t& field, uint32_t& wt, const char*& at_key) {
    at_key = p;
    uint64_t k = 0;
    if (!varint(k))
      return false;
    if ((k >> 3) == 0 || (k >> 3) > 0x1FFFFFFF)
      return fail("invalid field number " + std::to_string(k >> 3), at_key);
    field = static_cast<uint32_t>(k >> 3);
    wt = static_cast<uint32_t>(k & 7);
    return true;
  }

  bool bytes(std::string_view& out) {
    auto start = p;
    uint64_t n = 0;
    if (!varint(n))
      return false;
    if (n > static_cast<uint64_t>(end - p))
      return fail("length " + std::to_string(n) +
                      " past the end of the message",
                  start);
    out = {p, static_cast<size_t>(n)};
    p += n;
    return true;
  }

  bool fixed64(uint64_t& out) {
    if (end - p < 8)
      return fail("truncated 64-bit field", p);
    std::memcpy(&out, p, 8);
    if constexpr (std::endian::native == std::endian::big)
      out = __builtin_bswap64(out);
    p += 8;
    return true;
  }

  bool skip(uint32_t wt, const char* at_key) {
    uint64_t ignored = 0;
    std::string_view view;
    switch (wt) {
      case wt_varint:
        return varint(ignored);
      case wt_i64:
        return fixed64(ignored);
      case wt_len:
        return bytes(view);
      case wt_i32:
        if (end - p < 4)
          return fail("truncated 32-bit field", p);
        p += 4;
        return true;
      default:
        return fail("unsupported wire type " + std::to_string(wt), at_key);
    }
  }

  /// A reader over `msg`, a part of this reader's input.
  pb_reader sub(std::string_view msg) const {
    return {msg.data(), msg.data() + msg.size(), origin, what, at};
  }

  bool wrong_type(const char* message, uint32_t field, uint32_t wt,
                  uint32_t expected, const char* at_key) {
    return fail(std::string{message} + " field " + std::to_string(field) +
                    " has wire type " + std::to_string(wt) + " (expected " +
                    std::to_string(expected) + ")",
                at_key);
  }
};

caf::error invalid(std::string msg) {
  return make_error(errc::invalid_argument, std::move(msg));
}

/// `{a="b"}` for a series whose metric is not known.
std::string labels_text(const label_set& labels) {
  auto text = format_series("", labels);
  return text.empty() ? "{}" : text;
}

bool read_label(pb_reader r, std::string_view& name, std::string_view& value) {
  name = value = {};
  while (!r.done()) {
    uint32_t field = 0, wt = 0;
    const char* at_key = nullptr;
    if (!r.key(field, wt, at_key))
      return false;
    if (field == 1 || field == 2) {
      if (wt != wt_len)
        return r.wrong_type("Label", field, wt, wt_len, at_key);
      if (!r.bytes(field == 1 ? name : value))
        return false;
    } else if (!r.skip(wt, at_key)) {
      return false;
    }
  }
  return true;
}

bool read_sample(pb_reader r, double& value, int64_t& ts) {
  value = 0;
  ts = 0;
  // Fast path: value then timestamp, each once, as Prometheus writes them.
  if (r.end - r.p >= 11 && r.p[0] == 0x09 && r.p[9] == 0x10) {
    auto q = r;
    uint64_t bits = 0, x = 0;
    ++q.p;
    q.fixed64(bits);
    ++q.p;
    if (q.varint(x) && q.done()) {
      value = std::bit_cast<double>(bits);
      ts = static_cast<int64_t>(x);
      return true;
    }
  }
  while (!r.done()) {
    uint32_t field = 0, wt = 0;
    const char* at_key = nullptr;
    if (!r.key(field, wt, at_key))
      return false;
    if (field == 1) {
      if (wt != wt_i64)
        return r.wrong_type("Sample", field, wt, wt_i64, at_key);
      uint64_t bits = 0;
      if (!r.fixed64(bits))
        return false;
      value = std::bit_cast<double>(bits);
    } else if (field == 2) {
      if (wt != wt_varint)
        return r.wrong_type("Sample", field, wt, wt_varint, at_key);
      uint64_t x = 0;
      if (!r.varint(x))
        return false;
      ts = static_cast<int64_t>(x);
    } else if (!r.skip(wt, at_key)) {
      return false;
    }
  }
  return true;
}

/// Reads a TimeSeries into `s`. Returns false with `r.what` set for bad
/// protobuf, or with `series_error` set for a bad series.
bool read_series(pb_reader r, rw_series& s, std::string& series_error) {
  s.metric.clear();
  s.ts.clear();
  s.values.clear();
  size_t n = 0;
  int names = 0;
  bool reserved_ts = false;
  while (!r.done()) {
    uint32_t field = 0, wt = 0;
    const char* at_key = nullptr;
    if (!r.key(field, wt, at_key))
      return false;
    if (field == 1 || field == 2) {
      if (wt != wt_len)
        return r.wrong_type("TimeSeries", field, wt, wt_len, at_key);
      std::string_view msg;
      if (!r.bytes(msg))
        return false;
      if (field == 1) {
        std::string_view name, value;
        if (!read_label(r.sub(msg), name, value))
          return false;
        if (name == "__name__") {
          ++names;
          s.metric.assign(value);
          continue;
        }
        if (n == s.labels.size())
          s.labels.emplace_back();
        s.labels[n].name.assign(name);
        s.labels[n++].value.assign(value);
      } else {
        double value = 0;
        int64_t ts = 0;
        if (!read_sample(r.sub(msg), value, ts))
          return false;
        reserved_ts = reserved_ts || ts == std::numeric_limits<int64_t>::min();
        s.ts.push_back(ts);
        s.values.push_back(value);
      }
    } else if (!r.skip(wt, at_key)) {
      return false;
    }
  }
  s.labels.resize(n);
  if (names == 0)
    series_error = "series " + labels_text(s.labels) + " has no __name__ label";
  else if (names > 1)
    series_error =
        "series " + labels_text(s.labels) + " has more than one __name__ label";
  else if (s.metric.empty())
    series_error =
        "series " + labels_text(s.labels) + " has an empty __name__ label";
  else if (reserved_ts)
    series_error = "series " + format_series(s.metric, s.labels) +
                   ": timestamp -9223372036854775808 is out of range";
  return series_error.empty();
}

bool read_metadata(pb_reader r, rw_metadata& m) {
  m.type = rw_metric_type::unknown;
  m.family.clear();
  m.help.clear();
  m.unit.clear();
  while (!r.done()) {
    uint32_t field = 0, wt = 0;
    const char* at_key = nullptr;
    if (!r.key(field, wt, at_key))
      return false;
    if (field == 1) {
      if (wt != wt_varint)
        return r.wrong_type("MetricMetadata", field, wt, wt_varint, at_key);
      uint64_t x = 0;
      if (!r.varint(x))
        return false;
      m.type = x <= static_cast<uint64_t>(rw_metric_type::stateset)
                   ? static_cast<rw_metric_type>(x)
                   : rw_metric_type::unknown;
    } else if (field == 2 || field == 4 || field == 5) {
      if (wt != wt_len)
        return r.wrong_type("MetricMetadata", field, wt, wt_len, at_key);
      std::string_view text;
      if (!r.bytes(text))
        return false;
      (field == 2 ? m.family : field == 4 ? m.help : m.unit).assign(text);
    } else if (!r.skip(wt, at_key)) {
      return false;
    }
  }
  return true;
}

} // namespace

void remote_write_decoder::clear() {
  n_series_ = 0;
  n_metadata_ = 0;
  points_ = 0;
  empty_series_ = 0;
}

caf::error remote_write_decoder::decode(std::string_view body,
                                        size_t max_decompressed) {
  clear();
  size_t n = 0;
  if (!snappy::GetUncompressedLength(body.data(), body.size(), &n))
    return invalid("snappy: corrupt input");
  if (n > max_decompressed)
    return invalid("decompressed body over " +
                   std::to_string(max_decompressed) + " bytes");
  buf_.resize(n);
  if (!snappy::RawUncompress(body.data(), body.size(), buf_.data()))
    return invalid("snappy: corrupt input");
  return decode_uncompressed(buf_);
}

caf::error remote_write_decoder::decode_uncompressed(std::string_view bytes) {
  clear();
  std::string what;
  std::string series_error;
  size_t at = 0;
  pb_reader r{bytes.data(), bytes.data() + bytes.size(), bytes.data(), &what,
              &at};
  auto fail = [&] {
    clear();
    if (!series_error.empty())
      return invalid(std::move(series_error));
    return invalid("protobuf: " + what + " at byte " + std::to_string(at));
  };
  while (!r.done()) {
    uint32_t field = 0, wt = 0;
    const char* at_key = nullptr;
    if (!r.key(field, wt, at_key))
      return fail();
    if (field != 1 && field != 3) {
      if (!r.skip(wt, at_key))
        return fail();
      continue;
    }
    if (wt != wt_len) {
      r.wrong_type("WriteRequest", field, wt, wt_len, at_key);
      return fail();
    }
    std::string_view msg;
    if (!r.bytes(msg))
      return fail();
    if (field == 1) {
      if (n_series_ == series_.size())
        series_.emplace_back();
      auto& s = series_[n_series_];
      if (!read_series(r.sub(msg), s, series_error))
        return fail();
      if (s.ts.empty()) {
        ++empty_series_;
        continue;
      }
      points_ += s.ts.size();
      ++n_series_;
    } else {
      if (n_metadata_ == metadata_.size())
        metadata_.emplace_back();
      if (!read_metadata(r.sub(msg), metadata_[n_metadata_]))
        return fail();
      ++n_metadata_;
    }
  }
  return {};
}

} // namespace timeless::formats
