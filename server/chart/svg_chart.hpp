#pragma once

// Line charts of time series as SVG (the original's lib/timeless/chart.ex,
// reimplemented). Pure: no I/O, no clock.
//
// Layout (pixels): the chart is `width` × `height` plus a legend below it
// when there are two or more series. The plot sits inside paddings of 24
// (top, under the title), 10 (right), 28 (bottom, the time labels) and
// 45 on the left, widened to fit the longest value label (at most a third
// of the width). The legend wraps its items into rows of 16 px (8 px
// padding above and below), each item a 12×3 swatch and the series' value
// of the label key (`series_N` if it has none), centred per row.
//
// Document structure (what tests and readers may rely on):
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <svg xmlns="http://www.w3.org/2000/svg" width=W height=H viewBox=...>
//     [<!-- note -->] [<style> (theme auto)]
//     <rect/> background  <text id="title"/>  [<text id="note"/>]
//     <rect/> plot border
//     <g class="y-ticks">  per tick: <line/> <text>label</text>
//     <g class="x-ticks">  per tick: <line stroke-dasharray="4,4"/> <text/>
//     <g class="series" data-index="i">  per run of finite points:
//         <polyline points="x,y x,y ..."/> (2+ points)
//         or <circle/> (a single point)
//     <g class="annotations"> per annotation: <line stroke="#f59e0b"
//         stroke-dasharray="3,3"/> <text>title</text>
//     <g class="legend">  per series: <rect/> <text>value</text>
//   </svg>
//
// Points whose value is NaN or ±Inf are gaps: they split a series' line
// and never become coordinates. Scales use only finite points; values
// are padded by 5 % of their range, or ±1 when flat (±5 % of the value
// where 1 is below its precision). A single instant (all points at one
// time) is shown in a minute centred on it. Nothing finite to draw gives
// the "No data" chart: background, title and <text id="no-data">No
// data</text>.
//
// Every text from outside (title, legend values, annotation titles, the
// note) goes through xml_text.hpp: escaped, invalid UTF-8 and forbidden
// control characters replaced, so the document is always well-formed;
// legend values and annotation titles are cut at 40 characters, the title
// at 120.
//
// Themes: light (background #ffffff, text #374151, grid #e5e7eb, muted
// #9ca3af) and dark (#1f2937, #e5e7eb, #374151, #6b7280) as presentation
// attributes; auto as classes `ms-bg ms-text ms-grid ms-border ms-muted`
// with an embedded <style> that switches on `prefers-color-scheme: dark`.
// Series colours cycle through #2563eb #dc2626 #16a34a #d97706 #7c3aed
// #0891b2 #be185d #65a30d.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "timeless/catalog.hpp"
#include "timeless/labels.hpp"

namespace timeless::chart {

enum class theme : uint8_t { light, dark, automatic };

/// Sets `out` from "light", "dark" or "auto"; false for anything else.
bool parse_theme(std::string_view name, theme& out);

/// Smallest and largest width and height `render` draws (others are
/// clamped into this range).
inline constexpr int min_size = 100;
inline constexpr int max_size = 4000;

/// One line: `ts` (unix ms) and `values` of equal length. Points need not
/// be sorted (render sorts them by time, ties in input order).
struct chart_series {
  label_set labels;
  std::vector<int64_t> ts;
  std::vector<double> values;
};

struct chart_options {
  int width = 800;
  int height = 300;
  /// The label whose value names each series in the legend; empty: the
  /// label with the most distinct values (`detect_label_key`).
  std::string label_key;
  chart::theme theme = theme::automatic;
  /// A remark shown small at the top right and as a comment at the top of
  /// the document (e.g. that only some of the series are drawn); empty:
  /// none.
  std::string note;
};

/// The label name with the most distinct values over `series` (a series
/// without the label counts as the value ""); on a tie the name more
/// series have, then the name first in byte order; empty if no series has
/// labels.
std::string detect_label_key(const std::vector<chart_series>& series);

/// The chart of `series` titled `title`, with the annotations whose time
/// lies within the time range shown (see above).
std::string render(std::string_view title,
                   const std::vector<chart_series>& series,
                   const std::vector<annotation>& annotations,
                   const chart_options& opts);

} // namespace timeless::chart
