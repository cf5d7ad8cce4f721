#pragma once

#include <caf/error.hpp>

#include "db/status.hpp"
#include "timeless/error.hpp"

namespace timeless::detail {

/// The storage layer's status as a Timeless error at the actor edge:
/// corruption stays corruption, a busy or locked database is `locked`,
/// everything else is an I/O error. The message names what failed.
inline caf::error to_error(const db::status& st) {
  auto code = errc::io_error;
  switch (st.get_code()) {
    case db::status::code::corruption:
      code = errc::corruption;
      break;
    case db::status::code::locked:
      code = errc::locked;
      break;
    case db::status::code::invalid_argument:
      code = errc::invalid_argument;
      break;
    default:
      break;
  }
  return make_error(code, st.to_string());
}

} // namespace timeless::detail
