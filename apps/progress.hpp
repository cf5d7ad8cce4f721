#pragma once

// Progress on stderr for long-running commands: a bar redrawn in place on a
// terminal, a plain line every 10% otherwise.

#include <cstdint>
#include <string>

namespace timeless::apps {

/// Reports how much of `total` units is done. Silent when disabled or
/// `total` is 0.
class progress_meter {
 public:
  progress_meter(std::string label, uint64_t total, bool enabled);

  /// Reports `done` units (redraws only when the percentage changes).
  void update(uint64_t done);

  /// Reports completion (ends the bar's line on a terminal).
  void finish();

 private:
  std::string label_;
  uint64_t total_;
  bool enabled_;
  bool tty_;
  int last_ = -1;
};

} // namespace timeless::apps
