#pragma once

// Go's strconv.FormatFloat(v, 'f', -1, 64), the form Prometheus gives
// count_values' labels and its API's values and scalars: the shortest
// decimal digits that read back to the same double, laid out without an
// exponent and padded with zeros. Unlike std::to_chars' fixed form, which
// writes a large integer's exact digits, 2^64 is "18446744073709552000"
// (not "18446744073709551616") and 1e23 is "100000000000000000000000"
// (not "99999999999999991611392"). NaN is "NaN", the infinities "+Inf" and
// "-Inf", negative zero "-0".

#include <string>

namespace timeless::promql {

/// Appends `v` as Go's strconv.FormatFloat(v, 'f', -1, 64).
void append_go_fixed(std::string& out, double v);

/// `v` as Go's strconv.FormatFloat(v, 'f', -1, 64).
std::string format_go_fixed(double v);

} // namespace timeless::promql
