#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace timeless::db {

/// The outcome of an operation in the storage layer, in the manner of
/// `leveldb::Status`: a code plus a message that names what was wrong (a
/// path, a key, a series). Errors cross module edges as `status` values,
/// never as exceptions.
class status {
 public:
  /// What kind of failure, if any.
  enum class code : uint8_t {
    ok,
    not_found,
    corruption,
    invalid_argument,
    io_error,
    busy,
    locked,
    internal,
  };

  /// Constructs a successful status.
  status() = default;

  static status ok() { return status{}; }
  static status not_found(std::string msg) {
    return {code::not_found, std::move(msg)};
  }
  static status corruption(std::string msg) {
    return {code::corruption, std::move(msg)};
  }
  static status invalid_argument(std::string msg) {
    return {code::invalid_argument, std::move(msg)};
  }
  static status io_error(std::string msg) {
    return {code::io_error, std::move(msg)};
  }
  static status busy(std::string msg) { return {code::busy, std::move(msg)}; }
  static status locked(std::string msg) {
    return {code::locked, std::move(msg)};
  }
  static status internal(std::string msg) {
    return {code::internal, std::move(msg)};
  }

  bool is_ok() const { return code_ == code::ok; }
  bool is_not_found() const { return code_ == code::not_found; }
  bool is_corruption() const { return code_ == code::corruption; }
  code get_code() const { return code_; }

  /// The message without the code name; empty for `ok`.
  const std::string& message() const { return msg_; }

  /// Returns e.g. "corruption: segment 3 of series 7: bad checksum", or "ok".
  std::string to_string() const;

  /// Deleted to force callers to write `is_ok()`.
  explicit operator bool() const = delete;

 private:
  status(code c, std::string msg) : code_(c), msg_(std::move(msg)) {
    // nop
  }

  code code_ = code::ok;
  std::string msg_;
};

/// Returns the lower-case name of `c`, e.g. "not_found".
const char* to_string(status::code c);

} // namespace timeless::db
