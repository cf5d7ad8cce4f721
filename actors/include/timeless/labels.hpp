#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <caf/error.hpp>
#include <caf/meta/type_name.hpp>

namespace timeless {

/// One label of a series: a name and a value.
struct label {
  std::string name;
  std::string value;

  friend bool operator==(const label&, const label&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, label& x) {
  return f(caf::meta::type_name("timeless::label"), x.name, x.value);
}

/// The labels of a series. Canonical (see `canonicalize`) once sorted by
/// name, without duplicates and without empty values.
using label_set = std::vector<label>;

/// Limits on the names and values of a series, in bytes.
struct name_limits {
  /// Labels per series (after dropping empty values).
  size_t max_labels = 32;
  /// Bytes of a metric name or a label name.
  size_t max_name_bytes = 256;
  /// Bytes of a label value.
  size_t max_value_bytes = 4096;
};

/// Validates a series and brings its labels into canonical form.
///
/// Rules, checked in this order (the first broken one is reported; the
/// error's context names the offending name or value and the metric):
/// - `metric` is 1 to `max_name_bytes` bytes of [a-zA-Z_:][a-zA-Z0-9_:]*
///   (`errc::invalid_metric_name`, `errc::name_too_long`);
/// - each label name is 1 to `max_name_bytes` bytes of [a-zA-Z_][a-zA-Z0-9_]*
///   and does not start with "__", reserved for the engine; "__name__" in
///   particular is rejected because the metric is given separately
///   (`errc::invalid_label`, `errc::name_too_long`);
/// - each label value is at most `max_value_bytes` bytes; any bytes are
///   accepted, UTF-8 or not (`errc::name_too_long`);
/// - no two labels share a name, even if one of them has an empty value
///   (`errc::invalid_label`);
/// - labels with an empty value are dropped: as in Prometheus, an empty
///   value means the label is absent;
/// - at most `max_labels` labels remain (`errc::too_many_labels`).
///
/// On success sorts `labels` by name and returns an empty error. On failure
/// `labels` holds the same labels in unspecified order.
caf::error canonicalize(std::string_view metric, label_set& labels,
                        const name_limits& limits);

/// Returns the canonical byte encoding of `sorted` (strictly ascending
/// names), stored in the `labels` column of the series table. Distinct label
/// sets always get distinct encodings; the format is documented at the top of
/// labels.cpp.
std::string encode_labels(const label_set& sorted);

/// Decodes `bytes` produced by `encode_labels` into `out` (replacing its
/// contents). Returns false, with `out` cleared, if `bytes` is malformed:
/// truncated, a length that is not minimally encoded or exceeds the input,
/// or names not strictly ascending. On success `encode_labels(out)` equals
/// `bytes`.
bool decode_labels(std::string_view bytes, label_set& out);

/// Returns the series in Prometheus text form, e.g.
/// `cpu{host="a",region="eu"}`, or just `cpu` without labels. Backslash,
/// double quote and line feed in values are escaped as `\\`, `\"`, `\n`.
std::string format_series(std::string_view metric, const label_set& labels);

/// Appends `x` as a double-quoted Prometheus string, escaping `\`, `"` and
/// line feeds.
void append_quoted(std::string& out, std::string_view x);

} // namespace timeless
