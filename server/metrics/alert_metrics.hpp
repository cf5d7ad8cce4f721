#pragma once

// The alert evaluator's counters, rendered by `GET /metrics` after the
// server's own:
//
//   timeless_alert_evaluations_total 12
//   timeless_alert_evaluation_failures_total 0
//   timeless_alert_transitions_total{state="pending"} 3
//   timeless_alert_transitions_total{state="firing"} 2
//   timeless_alert_transitions_total{state="resolved"} 1
//   timeless_alert_transitions_total{state="ok"} 1
//   timeless_alert_webhook_deliveries_total{outcome="ok"} 2
//   timeless_alert_webhook_deliveries_total{outcome="failed"} 1
//   timeless_alert_webhook_retries_total 4
//
// A transition counts each change of a series' status; a delivery counts
// once when it ends (after its retries); a retry is each attempt after a
// delivery's first. Lock-free: written by the evaluator actor, read by
// the HTTP threads.

#include <atomic>
#include <cstdint>
#include <string>

#include "timeless/catalog.hpp"

namespace timeless::server {

class alert_metrics {
 public:
  void evaluation(bool ok) { ++(ok ? evaluations_ : failures_); }

  void transition(alert_status to) {
    ++transitions_[static_cast<size_t>(to) & 3];
  }

  void delivery(bool ok, uint64_t attempts) {
    ++(ok ? delivered_ : failed_);
    if (attempts > 1)
      retries_ += attempts - 1;
  }

  uint64_t evaluations() const { return evaluations_.load(); }
  uint64_t transitions(alert_status to) const {
    return transitions_[static_cast<size_t>(to) & 3].load();
  }
  uint64_t delivered() const { return delivered_.load(); }
  uint64_t failed() const { return failed_.load(); }
  uint64_t retries() const { return retries_.load(); }

  /// Appends every counter in the Prometheus text format.
  void render(std::string& out) const;

 private:
  std::atomic<uint64_t> evaluations_{0};
  std::atomic<uint64_t> failures_{0};
  std::atomic<uint64_t> transitions_[4] = {};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> retries_{0};
};

} // namespace timeless::server
