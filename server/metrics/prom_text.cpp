#include "server/metrics/prom_text.hpp"

namespace timeless::server {

void append_metric_header(std::string& out, std::string_view name,
                          std::string_view help, std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

} // namespace timeless::server
