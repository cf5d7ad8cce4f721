#pragma once

#include <cstdint>

namespace timeless::codec {

/// Timestamps are int64 milliseconds since the Unix epoch everywhere in
/// Timeless (Prometheus' and VictoriaMetrics' unit; the original's seconds
/// multiply by 1000). Values are IEEE-754 doubles, stored bit-exact.
using timestamp = int64_t;

} // namespace timeless::codec
