#pragma once

// Helpers the route groups share: answers for store failures, and running
// store requests one after the other.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include <caf/error.hpp>

#include "server/routes/exchange.hpp"

namespace timeless::server {

/// The answer for a failed store request: 400 for a bad argument (a bad
/// regular expression), 503 with Retry-After for backpressure, a closed
/// store or a timeout, 500 otherwise. `prom`: the Prometheus API's error
/// body instead of `{"error":...}`.
response_type store_failure(const caf::error& err, bool prom);

/// The id a route captured (its first `<id>` segment): a positive integer.
/// Otherwise answers 400 (`'abc' is not a positive integer id of an
/// annotation`) and returns nothing.
std::optional<int64_t> captured_id(const exchange_ptr& x,
                                   std::string_view what);

/// Answers a store's reply to a delete by id: 200 `{"status":"deleted"}`,
/// 404 `no <what> with id N`, or the store's failure.
void answer_delete(const exchange_ptr& x, std::string_view what, int64_t id,
                   const caf::expected<bool>& found);

/// Calls `step(i, next)` for i = 0..n-1, each after the previous one
/// called `next` with no error, then `done` with the first error or none.
/// Steps usually ask the store and call `next` from the answer's callback
/// (on the strand), so nothing nests deeply.
void in_sequence(
    size_t n, std::function<void(size_t, std::function<void(caf::error)>)> step,
    std::function<void(caf::error)> done);

} // namespace timeless::server
