#include "server/chart/legend.hpp"

#include "server/chart/xml_text.hpp"

namespace timeless::chart {

legend_layout layout_legend(const std::vector<chart_series>& series,
                            const std::string& label_key, int chart_width,
                            size_t max_chars) {
  legend_layout out;
  out.chart_width = chart_width;
  out.max_chars = max_chars;
  if (series.size() < 2)
    return out;
  auto usable = chart_width - 20;
  int row_w = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    std::string name = "series_" + std::to_string(i);
    for (auto& l : series[i].labels)
      if (l.name == label_key)
        name = l.value;
    auto w = 20 + static_cast<int>(text_length(name, max_chars)) * 6 + 12;
    if (out.rows.empty() || row_w + w > usable) {
      out.rows.emplace_back();
      row_w = 0;
    }
    out.rows.back().push_back({i, std::move(name), w});
    row_w += w;
  }
  out.height = static_cast<int>(out.rows.size()) * legend_row_height +
               2 * legend_padding;
  return out;
}

void render_legend(std::string& out, const legend_layout& l, int chart_height,
                   const theme_attrs& th) {
  if (l.rows.empty())
    return;
  out += "<g class=\"legend\">\n";
  for (size_t r = 0; r < l.rows.size(); ++r) {
    int total = 0;
    for (auto& it : l.rows[r])
      total += it.width;
    auto x = (l.chart_width - total) / 2;
    if (x < 0)
      x = 0;
    auto y = chart_height + legend_padding +
             static_cast<int>(r) * legend_row_height + legend_padding;
    for (auto& it : l.rows[r]) {
      out += "<rect x=\"" + std::to_string(x) + "\" y=\"" +
             std::to_string(y - 3) + "\" width=\"12\" height=\"3\" fill=\"";
      out += series_colour(it.index);
      out += "\"/><text x=\"" + std::to_string(x + 16) + "\" y=\"" +
             std::to_string(y) + "\" " + th.text + " font-size=\"10\">";
      append_xml_text(out, it.name, l.max_chars);
      out += "</text>\n";
      x += it.width;
    }
  }
  out += "</g>\n";
}

} // namespace timeless::chart
