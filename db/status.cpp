#include "db/status.hpp"

namespace timeless::db {

const char* to_string(status::code c) {
  switch (c) {
    case status::code::ok:
      return "ok";
    case status::code::not_found:
      return "not_found";
    case status::code::corruption:
      return "corruption";
    case status::code::invalid_argument:
      return "invalid_argument";
    case status::code::io_error:
      return "io_error";
    case status::code::busy:
      return "busy";
    case status::code::locked:
      return "locked";
    case status::code::internal:
      return "internal";
  }
  return "unknown";
}

std::string status::to_string() const {
  if (is_ok())
    return "ok";
  std::string result = db::to_string(code_);
  if (!msg_.empty()) {
    result += ": ";
    result += msg_;
  }
  return result;
}

} // namespace timeless::db
