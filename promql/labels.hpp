#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace timeless::promql {

/// One label: a name and a value.
struct label {
  std::string name;
  std::string value;
  friend bool operator==(const label&, const label&) = default;
  friend auto operator<=>(const label&, const label&) = default;
};

/// A label set, always sorted by name with unique names; `__name__` is the
/// metric name. An empty value means "absent" and is never stored.
using labels = std::vector<label>;

/// The label that holds the metric name.
inline constexpr std::string_view metric_name_label = "__name__";

/// Returns the value of `name` or "" when absent.
std::string_view get_label(const labels& ls, std::string_view name);

/// Sets `name` to `value` keeping the set sorted; an empty value deletes.
void set_label(labels& ls, std::string_view name, std::string_view value);

/// Removes `name` if present.
void erase_label(labels& ls, std::string_view name);

/// Sorts `ls` by name (for sets built in any order; last duplicate wins).
void normalize(labels& ls);

/// Prints `{a="1", b="2"}` with the metric name in front when present:
/// `up{job="x"}`; an empty set prints `{}`.
std::string to_string(const labels& ls);

/// True when `s` is a valid label name: [a-zA-Z_][a-zA-Z0-9_]*.
bool is_label_name(std::string_view s);

/// True when `s` is a valid metric name: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool is_metric_name(std::string_view s);

/// Quotes `s` as Go's strconv.Quote does for printable ASCII and escapes.
std::string quote(std::string_view s);

/// The Prometheus stale marker: a NaN with bit pattern 0x7ff0000000000002.
/// A stale point ends a series: lookback stops at it and range vectors skip
/// it.
double stale_nan();

/// True when `v` has the exact stale-marker bit pattern.
bool is_stale(double v);

} // namespace timeless::promql
