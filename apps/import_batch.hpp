#pragma once

// The batch `timeless import` fills from one file and writes to the store.
// A batch refused as a whole for its data (an invalid name, too many
// labels, ...) is split in halves and each half written again, down to
// single lines: only the lines the store refuses are rejected, each
// reported as `FILE:LINE: reason`.

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <caf/error.hpp>

#include "timeless/blocking_store.hpp"

namespace timeless::apps {

/// What writing batches did so far.
struct batch_totals {
  uint64_t points = 0;
  uint64_t rejected_lines = 0;
  /// Accepted points with a timestamp before `old_before`.
  uint64_t old_points = 0;
};

/// Samples of consecutive lines of one file, with their line numbers.
class import_batch {
 public:
  /// `old_before`: points before this time (ms) are counted as old.
  import_batch(std::string file, int64_t old_before)
      : file_(std::move(file)), old_before_(old_before) {
    // nop
  }

  /// A slot for the next sample of the current line. Slots are reused
  /// from batch to batch, so their strings keep their capacity.
  sample& next_sample();

  /// Gives back the slot `next_sample` returned last.
  void drop_sample() { --used_; }

  /// Records that `line` was malformed; reported, in line order with the
  /// lines the store refuses, by `flush`.
  void reject(uint64_t line, std::string reason);

  /// Marks the samples taken since the last call as those of `line`.
  void end_line(uint64_t line);

  /// Samples in the batch.
  size_t size() const { return used_; }

  /// Rejected lines waiting to be reported.
  size_t rejects() const { return rejects_.size(); }

  /// Writes every sample, reports every rejected line on `err` as
  /// `FILE:LINE: reason` in line order, and empties the batch. Lines the
  /// store refuses for their data are rejected; other store errors
  /// (backpressure past its timeout, I/O, closed) stop the write and are
  /// returned: what was written before stays written.
  caf::error flush(blocking_store& store, batch_totals& totals,
                   std::ostream& err);

 private:
  struct line_span {
    uint64_t line;
    /// Index of the line's first sample.
    size_t begin;
  };

  size_t end_of(size_t span) const;
  caf::error write_lines(blocking_store& store, size_t first, size_t last,
                         batch_totals& totals);
  uint64_t count_old(size_t begin, size_t end) const;

  std::string file_;
  int64_t old_before_;
  std::vector<sample> samples_;
  std::vector<line_span> lines_;
  /// Slots in use; `samples_` may hold more (reused) ones.
  size_t used_ = 0;
  /// Samples already assigned to a line.
  size_t marked_ = 0;
  /// Rejected lines and why, in the order found.
  std::vector<std::pair<uint64_t, std::string>> rejects_;
};

} // namespace timeless::apps
