#pragma once

// The `data` of a Prometheus query answer, as Prometheus' API writes it:
//
//   {"resultType":"vector","result":[
//     {"metric":{"__name__":"up","job":"a"},"value":[1700000000.5,"1"]}]}
//   {"resultType":"matrix","result":[
//     {"metric":{...},"values":[[1700000000,"1"],[1700000060,"2"]]}]}
//   {"resultType":"scalar","result":[1700000000.5,"2"]}
//   {"resultType":"string","result":[1700000000.5,"text"]}
//
// Times are unix seconds written as Prometheus' MarshalTimestamp does: the
// whole seconds, then '.' and three millisecond digits only when the
// milliseconds are not zero (1700000000.500, -0.250). Values are strings as
// Prometheus' jsonutil.MarshalValue writes them: Go's
// strconv.FormatFloat(v, 'f', -1, 64), the shortest fixed-point digits that
// read back to the same double ("0.1", "1000000", "-0", "NaN", "+Inf",
// "-Inf"), except that a nonzero |v| below 1e-6 or from 1e21 on takes Go's
// 'e' format ("1.5e-07", "1e+21", "5e-324"). A scalar or string result is
// marshalled by Prometheus with encoding/json instead: its time is the
// float `ms / 1000` in shortest digits ("1.5", not "1.500") and a scalar's
// value is always FormatFloat(v, 'f', -1, 64) ("0.00000015"). Metric label
// sets are objects in the set's (sorted) order.

#include <cstdint>
#include <string>

#include "promql/value.hpp"

namespace timeless::server {

/// Appends `v` as Prometheus writes a value (see above), unquoted.
void append_prom_float(std::string& out, double v);

/// Appends the time `ms` as unix seconds (see above).
void append_prom_time(std::string& out, int64_t ms);

/// Returns the `data` object for `v`, the value of a query evaluated at
/// `eval_ms` (an instant query's time; unused for matrices). Samples of an
/// instant vector, a scalar and a string are written at `eval_ms`, as
/// Prometheus does (promql keeps a selector's own sample time in
/// `sample::t`, for timestamp()).
std::string render_prom_data(const promql::value& v, int64_t eval_ms);

} // namespace timeless::server
