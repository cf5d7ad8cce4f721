#include "apps/progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace timeless::apps {

progress_meter::progress_meter(std::string label, uint64_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && total > 0),
      tty_(isatty(STDERR_FILENO) != 0) {
  // nop
}

void progress_meter::update(uint64_t done) {
  if (!enabled_)
    return;
  int pct = static_cast<int>(done >= total_ ? 100 : done * 100 / total_);
  if (pct == last_)
    return;
  if (tty_) {
    std::fprintf(stderr, "\r%s [%-50.*s] %3d%%", label_.c_str(), pct / 2,
                 "##################################################", pct);
    std::fflush(stderr);
  } else if (last_ < 0 || pct / 10 != last_ / 10) {
    std::fprintf(stderr, "%s: %d%%\n", label_.c_str(), pct);
  }
  last_ = pct;
}

void progress_meter::finish() {
  if (!enabled_)
    return;
  update(total_);
  if (tty_)
    std::fputc('\n', stderr);
  enabled_ = false;
}

} // namespace timeless::apps
