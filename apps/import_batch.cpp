#include "apps/import_batch.hpp"

#include <algorithm>

#include "formats/error_text.hpp"
#include "timeless/error.hpp"

namespace timeless::apps {

sample& import_batch::next_sample() {
  if (used_ == samples_.size())
    samples_.emplace_back();
  return samples_[used_++];
}

void import_batch::reject(uint64_t line, std::string reason) {
  rejects_.emplace_back(line, std::move(reason));
}

void import_batch::end_line(uint64_t line) {
  if (marked_ < used_)
    lines_.push_back({line, marked_});
  marked_ = used_;
}

size_t import_batch::end_of(size_t span) const {
  return span + 1 < lines_.size() ? lines_[span + 1].begin : used_;
}

uint64_t import_batch::count_old(size_t begin, size_t end) const {
  uint64_t n = 0;
  for (auto i = begin; i < end; ++i)
    if (samples_[i].ts != now_timestamp && samples_[i].ts < old_before_)
      ++n;
  return n;
}

caf::error import_batch::flush(blocking_store& store, batch_totals& totals,
                               std::ostream& err) {
  caf::error result;
  auto parse_rejects = rejects_.size();
  if (!lines_.empty()) {
    samples_.resize(used_); // the store writes the whole vector
    if (auto n = store.write(samples_)) {
      totals.points += *n;
      totals.old_points += count_old(0, used_);
    } else if (is_data_error(n.error())) {
      result = write_lines(store, 0, lines_.size(), totals);
    } else {
      result = n.error();
    }
  }
  // Parse errors and store refusals, each in line order: merge them.
  std::inplace_merge(rejects_.begin(), rejects_.begin() + parse_rejects,
                     rejects_.end(),
                     [](auto& a, auto& b) { return a.first < b.first; });
  std::string text; // one write: progress output may share the terminal
  for (auto& [line, reason] : rejects_)
    text += file_ + ':' + std::to_string(line) + ": " + reason + '\n';
  err << text;
  totals.rejected_lines += rejects_.size();
  rejects_.clear();
  lines_.clear();
  used_ = 0;
  marked_ = 0;
  return result;
}

caf::error import_batch::write_lines(blocking_store& store, size_t first,
                                     size_t last, batch_totals& totals) {
  // Halves of [first, last) until single lines; the whole range failed.
  if (last - first == 1) {
    std::vector<sample> one(samples_.begin() + lines_[first].begin,
                            samples_.begin() + end_of(first));
    auto n = store.write(one);
    if (n) {
      totals.points += *n;
      totals.old_points += count_old(lines_[first].begin, end_of(first));
      return {};
    }
    if (!is_data_error(n.error()))
      return n.error();
    rejects_.emplace_back(lines_[first].line,
                          formats::sample_error_text(n.error()));
    return {};
  }
  auto mid = first + (last - first) / 2;
  for (auto [a, b] : {std::pair{first, mid}, std::pair{mid, last}}) {
    if (b - a == 1) {
      if (auto e = write_lines(store, a, b, totals))
        return e;
      continue;
    }
    auto begin = lines_[a].begin;
    auto end = end_of(b - 1);
    std::vector<sample> part(samples_.begin() + begin, samples_.begin() + end);
    auto n = store.write(part);
    if (n) {
      totals.points += *n;
      totals.old_points += count_old(begin, end);
    } else if (!is_data_error(n.error())) {
      return n.error();
    } else if (auto e = write_lines(store, a, b, totals)) {
      return e;
    }
  }
  return {};
}

} // namespace timeless::apps
