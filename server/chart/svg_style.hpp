#pragma once

// The charts' colours: the series palette, the annotation colour and the
// three themes as SVG attribute text (see svg_chart.hpp).

#include <cstddef>
#include <string>
#include <string_view>

#include "server/chart/svg_chart.hpp"

namespace timeless::chart {

/// Colours of series i, cycling through eight.
std::string_view series_colour(size_t i);

/// Dashed annotation lines and their titles.
inline constexpr std::string_view annotation_colour = "#f59e0b";

/// Attribute text for each role of a theme, e.g. `fill="#ffffff"` (light)
/// or `class="ms-bg"` (auto), and the <style> element auto needs (empty
/// otherwise).
struct theme_attrs {
  std::string bg;
  std::string text;
  std::string grid;
  std::string border;
  std::string muted;
  std::string style;
};

theme_attrs theme_attrs_of(theme t);

} // namespace timeless::chart
