#include "server/http/gzip.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <zlib.h>

namespace timeless::server {

namespace {

/// Output grows in steps of this many bytes (at most `limit + 1` in all).
constexpr size_t inflate_step = 64 * 1024;

std::string trim(std::string_view x) {
  while (!x.empty() && (x.front() == ' ' || x.front() == '\t'))
    x.remove_prefix(1);
  while (!x.empty() && (x.back() == ' ' || x.back() == '\t'))
    x.remove_suffix(1);
  std::string out{x};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

} // namespace

gunzip_status gunzip(std::string_view in, size_t limit, std::string& out,
                     std::string& error) {
  out.clear();
  if (in.size() > UINT32_MAX) {
    error = "the gzip data is longer than 4 GiB";
    return gunzip_status::corrupt;
  }
  z_stream z;
  std::memset(&z, 0, sizeof z);
  // 16 + MAX_WBITS: gzip only (no zlib or raw deflate).
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
    error = "zlib cannot start inflating";
    return gunzip_status::corrupt;
  }
  auto status = gunzip_status::ok;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  size_t produced = 0;
  for (;;) {
    // Room for at most limit + 1 bytes: one past the limit proves it.
    auto room = std::min(inflate_step, limit + 1 - produced);
    out.resize(produced + room);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(room);
    auto rc = inflate(&z, Z_NO_FLUSH);
    produced += room - z.avail_out;
    if (produced > limit) {
      status = gunzip_status::too_large;
      break;
    }
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0)
        break;
      // Another member follows (as `cat a.gz b.gz` makes).
      if (inflateReset(&z) != Z_OK) {
        error = "zlib cannot restart";
        status = gunzip_status::corrupt;
        break;
      }
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      error = "the gzip data is truncated";
      status = gunzip_status::corrupt;
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error = std::string{"bad gzip data: "} +
              (z.msg != nullptr ? std::string{z.msg}
                                : "zlib error " + std::to_string(rc));
      status = gunzip_status::corrupt;
      break;
    }
  }
  inflateEnd(&z);
  out.resize(status == gunzip_status::ok ? produced : 0);
  return status;
}

std::string gzip(std::string_view in) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  std::string out;
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    return out;
  out.resize(deflateBound(&z, static_cast<uLong>(in.size())) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  auto rc = deflate(&z, Z_FINISH);
  out.resize(rc == Z_STREAM_END ? z.total_out : 0);
  deflateEnd(&z);
  return out;
}

bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    auto semi = item.find(';');
    auto coding = trim(item.substr(0, semi));
    if (coding == "gzip" || coding == "x-gzip" || coding == "*") {
      bool zero = false;
      if (semi != std::string_view::npos) {
        auto param = trim(item.substr(semi + 1));
        if (param.starts_with("q=")) {
          auto q = param.substr(2);
          zero = q.find_first_not_of("0.") == std::string::npos;
        }
      }
      if (!zero)
        return true;
    }
    if (comma == std::string_view::npos)
      break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

} // namespace timeless::server
