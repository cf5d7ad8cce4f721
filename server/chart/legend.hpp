#pragma once

// The legend under a chart of two or more series: one item per series, a
// colour swatch and the series' value of the label key (`series_N` when it
// has none), wrapped into centred rows. An item is 20 + 6 per character
// + 12 px wide (names cut at `max_chars`); a row holds items while they
// fit in the chart's width minus 20 (always at least one).

#include <cstddef>
#include <string>
#include <vector>

#include "server/chart/svg_chart.hpp"
#include "server/chart/svg_style.hpp"

namespace timeless::chart {

inline constexpr int legend_row_height = 16;
inline constexpr int legend_padding = 8;

struct legend_item {
  size_t index;
  /// The raw name (escaped when drawn).
  std::string name;
  int width;
};

struct legend_layout {
  std::vector<std::vector<legend_item>> rows;
  /// Pixels the legend adds below the chart (0 without a legend).
  int height = 0;
  int chart_width = 0;
  size_t max_chars = 0;
};

legend_layout layout_legend(const std::vector<chart_series>& series,
                            const std::string& label_key, int chart_width,
                            size_t max_chars);

/// Appends `<g class="legend">` with the items; the first row's text sits
/// at `chart_height` + padding.
void render_legend(std::string& out, const legend_layout& l, int chart_height,
                   const theme_attrs& th);

} // namespace timeless::chart
