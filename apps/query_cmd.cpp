#include "apps/query_cmd.hpp"

#include <array>
#include <vector>

#include "apps/store_flags.hpp"
#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "formats/float_text.hpp"
#include "formats/json_writer.hpp"
#include "formats/time_parse.hpp"
#include "timeless/error.hpp"

namespace timeless::apps {

using formats::append_float;
using formats::append_json_line;
using formats::error_text;
using formats::format_duration;
using formats::format_time_ms;

namespace {

void append_csv_field(std::string& out, std::string_view x) {
  if (x.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += x;
    return;
  }
  out += '"';
  for (auto c : x) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
}

/// Prints the rows of one series: time and value columns.
void print_rows(const std::vector<int64_t>& ts,
                const std::vector<double>& values, std::string_view value_name,
                std::ostream& out) {
  std::string line = "  time                      ";
  line += value_name;
  line += '\n';
  for (size_t i = 0; i < ts.size(); ++i) {
    line += "  ";
    line += format_time_ms(ts[i]);
    line += "  ";
    append_float(line, values[i]);
    line += '\n';
  }
  out << line;
}

} // namespace

int64_t default_step_ms(int64_t from, int64_t to) {
  constexpr int64_t s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
  constexpr std::array<int64_t, 16> steps = {
      s, 5 * s, 10 * s, 30 * s, m, 5 * m, 10 * m, 30 * m,
      h, 3 * h, 6 * h,  12 * h, d, 7 * d, 30 * d, 365 * d};
  if (from == INT64_MIN || to == INT64_MAX || to < from)
    return h;
  // Compare without overflow: the span may be close to 2^64.
  auto span = static_cast<uint64_t>(to) - static_cast<uint64_t>(from);
  for (auto step : steps)
    if (span / static_cast<uint64_t>(step) < 100)
      return step;
  return steps.back();
}

std::vector<series_points> to_points(std::vector<series_buckets> xs) {
  std::vector<series_points> out;
  out.reserve(xs.size());
  for (auto& x : xs) {
    series_points p;
    p.metric = std::move(x.metric);
    p.labels = std::move(x.labels);
    for (auto& b : x.buckets) {
      p.ts.push_back(b.bucket);
      p.values.push_back(b.value);
    }
    out.push_back(std::move(p));
  }
  return out;
}

void print_points_table(const std::vector<series_points>& xs,
                        std::ostream& out) {
  uint64_t points = 0;
  for (auto& x : xs) {
    out << format_series(x.metric, x.labels) << "  (" << x.ts.size()
        << (x.ts.size() == 1 ? " point)\n" : " points)\n");
    print_rows(x.ts, x.values, "value", out);
    points += x.ts.size();
  }
  if (xs.empty())
    out << "no series matched\n";
  else
    out << xs.size() << " series, " << points << " points\n";
}

void print_buckets_table(const std::vector<series_buckets>& xs, aggregate_fn fn,
                         int64_t step, std::ostream& out) {
  auto name = to_string(fn);
  for (auto& x : xs) {
    out << format_series(x.metric, x.labels) << "  (" << name << ", step "
        << format_duration(step) << ", " << x.buckets.size()
        << (x.buckets.size() == 1 ? " bucket)\n" : " buckets)\n");
    std::vector<int64_t> ts;
    std::vector<double> values;
    for (auto& b : x.buckets) {
      ts.push_back(b.bucket);
      values.push_back(b.value);
    }
    print_rows(ts, values, name, out);
  }
  if (xs.empty())
    out << "no series matched\n";
}

void print_points_json(const std::vector<series_points>& xs,
                       std::ostream& out) {
  std::string text = "[";
  for (size_t i = 0; i < xs.size(); ++i) {
    text += i == 0 ? "\n" : ",\n";
    append_json_line(text, xs[i].metric, xs[i].labels, xs[i].ts, xs[i].values);
    text.pop_back(); // the line feed
  }
  text += xs.empty() ? "]\n" : "\n]\n";
  out << text;
}

void print_points_csv(const std::vector<series_points>& xs, std::ostream& out) {
  std::string text = "series,timestamp,value\n";
  for (auto& x : xs) {
    std::string series;
    append_csv_field(series, format_series(x.metric, x.labels));
    for (size_t i = 0; i < x.ts.size(); ++i) {
      text += series;
      text += ',';
      text += std::to_string(x.ts[i]);
      text += ',';
      append_float(text, x.values[i]);
      text += '\n';
    }
  }
  out << text;
}

caf::error run_query(const query_config& cfg, std::ostream& out) {
  auto sel = parse_selector(cfg.selector);
  if (!sel)
    return make_error(errc::invalid_argument,
                      "bad selector: " + error_text(sel.error()));
  if (cfg.from > cfg.to)
    return make_error(errc::invalid_argument, "--from is after --to");
  if (cfg.step < 0)
    return make_error(errc::invalid_argument, "--step must be positive");
  auto store = open_existing_store(cfg.store);
  if (!store)
    return store.error();
  std::vector<series_points> points;
  if (cfg.agg) {
    auto step = cfg.step > 0 ? cfg.step : default_step_ms(cfg.from, cfg.to);
    auto answer =
        (*store)->aggregate(agg_query{*sel, cfg.from, cfg.to, step, *cfg.agg});
    if (!answer)
      return answer.error();
    if (cfg.format == output_format::table) {
      print_buckets_table(*answer, *cfg.agg, step, out);
      return {};
    }
    points = to_points(std::move(*answer));
  } else {
    auto answer = (*store)->query(raw_query{*sel, cfg.from, cfg.to});
    if (!answer)
      return answer.error();
    points = std::move(*answer);
  }
  std::erase_if(points, [](auto& x) { return x.ts.empty(); });
  switch (cfg.format) {
    case output_format::table:
      print_points_table(points, out);
      break;
    case output_format::json:
      print_points_json(points, out);
      break;
    case output_format::csv:
      print_points_csv(points, out);
      break;
  }
  return {};
}

} // namespace timeless::apps
