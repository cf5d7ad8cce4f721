#pragma once

// gzip for HTTP bodies (RFC 1952 through zlib): inflating request bodies
// sent with `Content-Encoding: gzip` under a size limit, and compressing
// responses for clients that send `Accept-Encoding: gzip`.

#include <cstddef>
#include <string>
#include <string_view>

namespace timeless::server {

/// How `gunzip` ended.
enum class gunzip_status : uint8_t {
  ok,
  /// The inflated body would be longer than the limit.
  too_large,
  /// Not gzip, damaged, truncated, or followed by bytes that are not
  /// another gzip member.
  corrupt,
};

/// Inflates the gzip data `in` (one or more concatenated members) into
/// `out`, stopping as soon as more than `limit` bytes would come out (a
/// "gzip bomb" never takes more than `limit` bytes of memory). On corrupt,
/// `error` says what zlib found.
gunzip_status gunzip(std::string_view in, size_t limit, std::string& out,
                     std::string& error);

/// Returns `in` compressed as one gzip member.
std::string gzip(std::string_view in);

/// True if an Accept-Encoding header value accepts gzip ("gzip", "x-gzip",
/// "*", with a q-value other than 0).
bool accepts_gzip(std::string_view accept_encoding);

} // namespace timeless::server
