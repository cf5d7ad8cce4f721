#pragma once

// The skeleton the three maintenance actors (rollup, retention, compactor)
// share: runs queued one at a time, each either asked for (its waiters get
// its report or its error) or started by the actor's timer (a tick: no
// waiter; an error goes to stderr). A tick is queued only when no run is
// queued or under way, so ticks never pile up behind a slow run.
//
// The actor keeps a `maintenance_loop` in its state, gives it the function
// that starts the run at the front (`init`), and ends each run with
// `finish`, which replies and starts the next one.

#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include <caf/error.hpp>
#include <caf/response_promise.hpp>
#include <caf/send.hpp>

#include "timeless/error.hpp"

namespace timeless::detail {

/// The job of a run whose actor needs nothing but the run itself.
struct no_job {};

/// A queue of maintenance runs producing `Report`s, one under way at a time.
template <class Report, class Job = no_job>
class maintenance_loop {
 public:
  /// One queued run.
  struct run {
    /// What this run is to do.
    Job job;
    /// Empty for a tick.
    std::vector<caf::response_promise> waiters;
    /// What the run did so far; the reply to its waiters.
    Report report;
  };

  /// `what` names the work in stderr ("compaction"); `start` begins the
  /// run at the front (`current()`), which ends with `finish`.
  void init(const char* what, std::function<void()> start) {
    what_ = what;
    start_ = std::move(start);
  }

  /// The run under way (or, while none is, the next one).
  run& current() { return runs_.front(); }

  /// Queues a run for the sender of the message being handled and
  /// returns the promise its handler returns.
  template <class Self>
  caf::result<Report> ask(Self* self, Job job = {}) {
    auto rp = self->template make_response_promise<Report>();
    runs_.push_back(run{std::move(job), {rp}, Report{}});
    start_next();
    return rp;
  }

  /// Handles a tick: queues a run of `job` unless one is queued or under
  /// way, then arms the timer again for `interval`.
  template <class Self>
  void tick(Self* self, std::chrono::milliseconds interval, Job job = {}) {
    if (runs_.empty()) {
      runs_.push_back(run{std::move(job), {}, Report{}});
      start_next();
    }
    self->delayed_send(self, interval, caf::tick_atom::value);
  }

  /// Ends the run under way: replies to its waiters with its report, or
  /// with `err` (to stderr for a tick), then starts the next run.
  void finish(const caf::error& err) {
    auto done = std::move(runs_.front());
    runs_.pop_front();
    running_ = false;
    if (err && done.waiters.empty())
      std::fprintf(stderr, "timeless: %s: %s\n", what_, describe(err).c_str());
    for (auto& rp : done.waiters) {
      if (err)
        rp.deliver(err);
      else
        rp.deliver(done.report);
    }
    start_next();
  }

 private:
  void start_next() {
    if (running_ || runs_.empty())
      return;
    running_ = true;
    start_();
  }

  const char* what_ = "";
  std::function<void()> start_;
  std::deque<run> runs_;
  bool running_ = false;
};

} // namespace timeless::detail
