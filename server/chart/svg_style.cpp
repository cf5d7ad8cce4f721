#include "server/chart/svg_style.hpp"

#include <array>

namespace timeless::chart {

namespace {

constexpr std::array<std::string_view, 8> palette = {
    "#2563eb", "#dc2626", "#16a34a", "#d97706",
    "#7c3aed", "#0891b2", "#be185d", "#65a30d"};

struct colours {
  const char* bg;
  const char* text;
  const char* grid;
  const char* muted;
};

constexpr colours light = {"#ffffff", "#374151", "#e5e7eb", "#9ca3af"};
constexpr colours dark = {"#1f2937", "#e5e7eb", "#374151", "#6b7280"};

std::string quoted(const char* name, const char* value) {
  return std::string{name} + "=\"" + value + '"';
}

std::string auto_style() {
  auto rules = [](const colours& c, bool full) {
    std::string s;
    s += std::string{".ms-bg{fill:"} + c.bg + "}";
    s += std::string{".ms-text{fill:"} + c.text + "}";
    s += std::string{".ms-grid{stroke:"} + c.grid + "}";
    s += std::string{".ms-border{stroke:"} + c.grid +
         (full ? ";fill:none}" : "}");
    s += std::string{".ms-muted{fill:"} + c.muted + "}";
    return s;
  };
  return "<style>" + rules(light, true) +
         "@media (prefers-color-scheme: dark){" + rules(dark, false) +
         "}</style>\n";
}

} // namespace

std::string_view series_colour(size_t i) {
  return palette[i % palette.size()];
}

theme_attrs theme_attrs_of(theme t) {
  if (t == theme::automatic)
    return {"class=\"ms-bg\"",     "class=\"ms-text\"",  "class=\"ms-grid\"",
            "class=\"ms-border\"", "class=\"ms-muted\"", auto_style()};
  auto& c = t == theme::dark ? dark : light;
  return {quoted("fill", c.bg),     quoted("fill", c.text),
          quoted("stroke", c.grid), "fill=\"none\" " + quoted("stroke", c.grid),
          quoted("fill", c.muted),  {}};
}

} // namespace timeless::chart
