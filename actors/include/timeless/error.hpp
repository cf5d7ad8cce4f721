#pragma once

#include <cstdint>
#include <string>

#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <caf/message.hpp>

namespace timeless {

/// Every error Timeless reports, as the code of a `caf::error` in category
/// "timeless" (registered by `timeless::add_message_types`, so it crosses
/// actor and network boundaries). The error's context message holds one
/// string that names what was wrong ("label name '1x' must match
/// [a-zA-Z_][a-zA-Z0-9_]*").
enum class errc : uint8_t {
  none = 0,
  /// A metric name is empty or has characters outside [a-zA-Z_:][a-zA-Z0-9_:]*.
  invalid_metric_name,
  /// A label name or value is invalid (bad characters, empty name, ...).
  invalid_label,
  /// More labels than `store_options::max_labels`.
  too_many_labels,
  /// A metric name, label name or label value longer than allowed.
  name_too_long,
  /// Any other bad argument (bad selector, bucket width 0, ...).
  invalid_argument,
  /// The store's backlog passed its high-water mark; the batch was refused
  /// whole and may be retried.
  backpressure,
  /// Stored bytes failed validation.
  corruption,
  /// The operating system or SQLite failed to read or write.
  io_error,
  /// The data directory is in use by another process.
  locked,
  /// The store is closed or closing.
  closed,
  /// A blocking call waited longer than its timeout.
  timeout,
  /// A broken invariant; a bug.
  internal,
};

/// Returns the name of `x`, e.g. "backpressure".
std::string to_string(errc x);

/// Makes a `caf::error` of category "timeless" with `context` as its message.
caf::error make_error(errc code, std::string context);

/// Returns the `errc` of `err`, or `errc::internal` for errors of another
/// category (CAF's own, such as a request timeout) and `errc::none` for none.
errc code_of(const caf::error& err);

/// Returns the context string of a Timeless error, or CAF's rendering.
std::string describe(const caf::error& err);

/// True when `err` refuses the data offered (a bad name, label or argument:
/// the caller must change the data), false when the store could not take
/// good data (backpressure, I/O, closed: the same data may succeed later).
bool is_data_error(const caf::error& err);

} // namespace timeless

CAF_ERROR_CODE_ENUM(timeless::errc, "timeless")
