#include "server/chart/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "server/chart/legend.hpp"
#include "server/chart/svg_style.hpp"
#include "server/chart/ticks.hpp"
#include "server/chart/xml_text.hpp"

namespace timeless::chart {

namespace {

constexpr int pad_top = 24;
constexpr int pad_right = 10;
constexpr int pad_bottom = 28;
constexpr int pad_left = 45;
constexpr size_t title_chars = 120;
constexpr size_t name_chars = 40;
/// A single instant is shown in this much time, centred.
constexpr int64_t instant_span_ms = 60 * 1000;

/// Appends ` name="x"` with x to one decimal.
void num_attr(std::string& out, const char* name, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " %s=\"%.1f\"", name, x);
  out += buf;
}

void int_attr(std::string& out, const char* name, long long x) {
  out += ' ';
  out += name;
  out += "=\"";
  out += std::to_string(x);
  out += '"';
}

/// The finite points of one series, sorted by time.
struct points {
  std::vector<int64_t> ts;
  std::vector<double> values;
  /// Indexes of points that are gaps (NaN or ±Inf), sorted like `ts`.
  std::vector<bool> gap;
};

points sorted_points(const chart_series& s) {
  auto n = std::min(s.ts.size(), s.values.size());
  std::vector<size_t> idx(n);
  std::iota(idx.begin(), idx.end(), size_t{0});
  std::stable_sort(idx.begin(), idx.end(),
                   [&](size_t a, size_t b) { return s.ts[a] < s.ts[b]; });
  points p;
  for (auto i : idx) {
    p.ts.push_back(s.ts[i]);
    p.values.push_back(s.values[i]);
    p.gap.push_back(!std::isfinite(s.values[i]));
  }
  return p;
}

/// Maps times and values to pixels.
struct frame {
  int left = pad_left;
  int top = pad_top;
  int plot_w = 0;
  int plot_h = 0;
  int64_t t_min = 0;
  int64_t t_max = 0;
  long double v_min = 0;
  long double v_max = 0;

  double x(int64_t ts) const {
    long double span = static_cast<long double>(t_max) - t_min;
    return static_cast<double>(left + (static_cast<long double>(ts) - t_min) /
                                          span * plot_w);
  }

  double y(long double v) const {
    return static_cast<double>(top + plot_h -
                               (v - v_min) / (v_max - v_min) * plot_h);
  }
};

/// Sets the frame's ranges from the finite points; false if there are
/// none.
bool find_bounds(const std::vector<points>& all, frame& f) {
  bool any = false;
  int64_t t0 = 0, t1 = 0;
  double v0 = 0, v1 = 0;
  for (auto& p : all)
    for (size_t i = 0; i < p.ts.size(); ++i) {
      if (p.gap[i])
        continue;
      if (!any) {
        t0 = t1 = p.ts[i];
        v0 = v1 = p.values[i];
        any = true;
        continue;
      }
      t0 = std::min(t0, p.ts[i]);
      t1 = std::max(t1, p.ts[i]);
      v0 = std::min(v0, p.values[i]);
      v1 = std::max(v1, p.values[i]);
    }
  if (!any)
    return false;
  if (t0 == t1) {
    t0 =
        t0 < INT64_MIN + instant_span_ms ? INT64_MIN : t0 - instant_span_ms / 2;
    t1 =
        t1 > INT64_MAX - instant_span_ms ? INT64_MAX : t1 + instant_span_ms / 2;
  }
  long double lo = v0, hi = v1;
  long double pad = (hi - lo) * 0.05L;
  if (pad == 0)
    pad = (lo + 1 == lo) ? std::fabs(lo) * 0.05L : 1.0L;
  // Ticks are doubles: keep the padded range inside the double range.
  f.v_min = std::max<long double>(lo - pad, -DBL_MAX);
  f.v_max = std::min<long double>(hi + pad, DBL_MAX);
  f.t_min = t0;
  f.t_max = t1;
  return true;
}

/// Appends the lines and markers of one series.
void render_series(std::string& out, const frame& f, const points& p,
                   size_t index) {
  auto colour = series_colour(index);
  out += "<g class=\"series\"";
  int_attr(out, "data-index", static_cast<long long>(index));
  out += ">\n";
  size_t i = 0;
  while (i < p.ts.size()) {
    if (p.gap[i]) {
      ++i;
      continue;
    }
    auto j = i;
    while (j < p.ts.size() && !p.gap[j])
      ++j;
    if (j - i == 1) {
      out += "<circle";
      num_attr(out, "cx", f.x(p.ts[i]));
      num_attr(out, "cy", f.y(p.values[i]));
      out += " r=\"2.5\" fill=\"";
      out += colour;
      out += "\"/>\n";
    } else {
      out += "<polyline points=\"";
      char buf[64];
      for (auto k = i; k < j; ++k) {
        std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", k == i ? "" : " ",
                      f.x(p.ts[k]), f.y(p.values[k]));
        out += buf;
      }
      out += "\" fill=\"none\" stroke=\"";
      out += colour;
      out += "\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n";
    }
    i = j;
  }
  out += "</g>\n";
}

void render_grid(std::string& out, const frame& f, const theme_attrs& th,
                 const value_ticks& vt,
                 const std::vector<std::string>& labels) {
  out += "<rect";
  int_attr(out, "x", f.left);
  int_attr(out, "y", f.top);
  int_attr(out, "width", f.plot_w);
  int_attr(out, "height", f.plot_h);
  out += ' ' + th.border + " stroke-width=\"1\"/>\n";
  out += "<g class=\"y-ticks\">\n";
  for (size_t k = 0; k < vt.values.size(); ++k) {
    auto y = f.y(vt.values[k]);
    out += "<line";
    int_attr(out, "x1", f.left);
    num_attr(out, "y1", y);
    int_attr(out, "x2", f.left + f.plot_w);
    num_attr(out, "y2", y);
    out += ' ' + th.grid + " stroke-width=\"1\"/>\n<text";
    int_attr(out, "x", f.left - 4);
    num_attr(out, "y", y + 4);
    out += " text-anchor=\"end\" " + th.text + " font-size=\"10\">";
    append_xml_text(out, labels[k]);
    out += "</text>\n";
  }
  out += "</g>\n<g class=\"x-ticks\">\n";
  auto tt = nice_time_ticks(f.t_min, f.t_max);
  auto span = static_cast<int64_t>(
      std::min<long double>(static_cast<long double>(f.t_max) - f.t_min,
                            static_cast<long double>(INT64_MAX)));
  for (auto ts : tt.ts) {
    auto x = f.x(ts);
    out += "<line";
    num_attr(out, "x1", x);
    int_attr(out, "y1", f.top);
    num_attr(out, "x2", x);
    int_attr(out, "y2", f.top + f.plot_h);
    out += ' ' + th.grid + " stroke-width=\"1\" stroke-dasharray=\"4,4\"/>\n";
    out += "<text";
    num_attr(out, "x", x);
    int_attr(out, "y", f.top + f.plot_h + 12);
    out += " text-anchor=\"middle\" " + th.text + " font-size=\"10\">";
    append_xml_text(out, time_label(ts, span, tt.step_ms));
    out += "</text>\n";
  }
  out += "</g>\n";
}

void render_annotations(std::string& out, const frame& f,
                        const std::vector<annotation>& notes) {
  out += "<g class=\"annotations\">\n";
  for (auto& a : notes) {
    if (a.ts < f.t_min || a.ts > f.t_max)
      continue;
    auto x = f.x(a.ts);
    out += "<line";
    num_attr(out, "x1", x);
    int_attr(out, "y1", f.top);
    num_attr(out, "x2", x);
    int_attr(out, "y2", f.top + f.plot_h);
    out += " stroke=\"";
    out += annotation_colour;
    out += "\" stroke-width=\"1\" stroke-dasharray=\"3,3\" opacity=\"0.8\"/>\n";
    out += "<text";
    num_attr(out, "x", x + 3);
    int_attr(out, "y", f.top + 10);
    out += " fill=\"";
    out += annotation_colour;
    out += "\" font-size=\"9\" font-weight=\"500\">";
    append_xml_text(out, a.title, name_chars);
    out += "</text>\n";
  }
  out += "</g>\n";
}

/// The document's start: declaration, <svg>, note, style, background,
/// title.
void open_document(std::string& out, std::string_view title, int width,
                   int total_height, const chart_options& opts,
                   const theme_attrs& th) {
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\"";
  int_attr(out, "width", width);
  int_attr(out, "height", total_height);
  out += " viewBox=\"0 0 " + std::to_string(width) + ' ' +
         std::to_string(total_height) +
         "\" style=\"font-family:-apple-system,system-ui,sans-serif;"
         "font-size:11px\">\n";
  if (!opts.note.empty()) {
    out += "<!-- ";
    append_comment_text(out, opts.note);
    out += " -->\n";
  }
  out += th.style;
  out += "<rect";
  int_attr(out, "width", width);
  int_attr(out, "height", total_height);
  out += ' ' + th.bg + "/>\n<text id=\"title\"";
  int_attr(out, "x", width / 2);
  out += " y=\"16\" text-anchor=\"middle\" " + th.text +
         " font-size=\"13\" font-weight=\"600\">";
  append_xml_text(out, title, title_chars);
  out += "</text>\n";
  if (!opts.note.empty()) {
    out += "<text id=\"note\"";
    int_attr(out, "x", width - pad_right);
    out += " y=\"16\" text-anchor=\"end\" " + th.muted + " font-size=\"10\">";
    append_xml_text(out, opts.note, name_chars);
    out += "</text>\n";
  }
}

} // namespace

bool parse_theme(std::string_view name, theme& out) {
  if (name == "light")
    out = theme::light;
  else if (name == "dark")
    out = theme::dark;
  else if (name == "auto")
    out = theme::automatic;
  else
    return false;
  return true;
}

std::string detect_label_key(const std::vector<chart_series>& series) {
  std::map<std::string, std::set<std::string>> values;
  for (auto& s : series)
    for (auto& l : s.labels)
      values[l.name].insert(l.value);
  std::string best;
  size_t best_n = 0;
  size_t best_has = 0;
  for (auto& [name, vals] : values) {
    size_t has = 0;
    for (auto& s : series)
      has += std::any_of(s.labels.begin(), s.labels.end(),
                         [&](const label& l) { return l.name == name; });
    // A series without the label has the value "".
    auto n = vals.size() + (has < series.size() ? 1 : 0);
    if (n > best_n || (n == best_n && has > best_has)) {
      best = name;
      best_n = n;
      best_has = has;
    }
  }
  return best;
}

std::string render(std::string_view title,
                   const std::vector<chart_series>& series,
                   const std::vector<annotation>& annotations,
                   const chart_options& opts) {
  auto width = std::clamp(opts.width, min_size, max_size);
  auto height = std::clamp(opts.height, min_size, max_size);
  auto th = theme_attrs_of(opts.theme);
  std::vector<points> all;
  all.reserve(series.size());
  for (auto& s : series)
    all.push_back(sorted_points(s));
  frame f;
  std::string out;
  if (!find_bounds(all, f)) {
    open_document(out, title, width, height, opts, th);
    out += "<text id=\"no-data\"";
    int_attr(out, "x", width / 2);
    int_attr(out, "y", height / 2);
    out += " text-anchor=\"middle\" " + th.muted +
           " font-size=\"12\">No data</text>\n</svg>\n";
    return out;
  }
  auto vt = nice_value_ticks(static_cast<double>(f.v_min),
                             static_cast<double>(f.v_max));
  auto labels = value_labels(vt);
  size_t longest = 0;
  for (auto& l : labels)
    longest = std::max(longest, l.size());
  f.left = std::clamp(static_cast<int>(longest) * 6 + 8, pad_left, width / 3);
  f.plot_w = width - f.left - pad_right;
  f.plot_h = height - pad_top - pad_bottom;
  auto key = opts.label_key.empty() ? detect_label_key(series) : opts.label_key;
  auto legend = layout_legend(series, key, width, name_chars);
  open_document(out, title, width, height + legend.height, opts, th);
  render_grid(out, f, th, vt, labels);
  for (size_t i = 0; i < all.size(); ++i)
    render_series(out, f, all[i], i);
  render_annotations(out, f, annotations);
  render_legend(out, legend, height, th);
  out += "</svg>\n";
  return out;
}

} // namespace timeless::chart
