#include "apps/export.hpp"

#include <algorithm>
#include <span>

#include "apps/store_flags.hpp"
#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "timeless/error.hpp"
#include "timeless/selector.hpp"

namespace timeless::apps {

using formats::append_json_line;
using formats::error_text;

namespace {

/// Writes the points of `sel` as lines to `out`.
caf::error export_selector(blocking_store& store, const selector& sel,
                           const export_config& cfg, std::ostream& out,
                           export_report& report) {
  auto answer = store.query(raw_query{sel, cfg.from, cfg.to});
  if (!answer)
    return answer.error();
  auto per_line = std::max<size_t>(cfg.points_per_line, 1);
  std::string line;
  for (auto& s : *answer) {
    if (s.ts.empty())
      continue;
    ++report.series;
    std::span<const int64_t> ts{s.ts};
    std::span<const double> values{s.values};
    for (size_t i = 0; i < ts.size(); i += per_line) {
      auto n = std::min(per_line, ts.size() - i);
      line.clear();
      append_json_line(line, s.metric, s.labels, ts.subspan(i, n),
                       values.subspan(i, n));
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
      report.points += n;
      ++report.lines;
    }
  }
  return {};
}

} // namespace

caf::expected<export_report> run_export(const export_config& cfg,
                                        std::ostream& out) {
  std::vector<selector> sels;
  for (auto& text : cfg.match) {
    auto sel = parse_selector(text);
    if (!sel)
      return make_error(errc::invalid_argument,
                        "bad selector: " + error_text(sel.error()));
    sels.push_back(std::move(*sel));
  }
  if (cfg.from > cfg.to)
    return make_error(errc::invalid_argument, "--from is after --to");
  auto store = open_existing_store(cfg.store);
  if (!store)
    return store.error();
  if (sels.empty()) {
    auto names = (*store)->metrics();
    if (!names)
      return names.error();
    std::sort(names->begin(), names->end());
    for (auto& name : *names)
      sels.push_back(selector{name, {}});
  }
  export_report report;
  for (auto& sel : sels)
    if (auto err = export_selector(**store, sel, cfg, out, report))
      return err;
  out.flush();
  if (!out)
    return make_error(errc::io_error, "cannot write the output");
  return report;
}

} // namespace timeless::apps
