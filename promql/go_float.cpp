#include "promql/go_float.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace timeless::promql {

void append_go_fixed(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  // The shortest round-trip digits and the decimal exponent, from the
  // scientific form "-d.ddde+XX" (at most 24 characters).
  char buf[40];
  auto res =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view sci{buf, static_cast<size_t>(res.ptr - buf)};
  if (!sci.empty() && sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  auto e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.')
      digits += c;
  int exp = std::atoi(std::string{sci.substr(e + 1)}.c_str());
  // v = 0.digits * 10^(exp + 1): `point` digits before the decimal point.
  int point = exp + 1;
  if (digits == "0") {
    out += '0';
  } else if (point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    out += digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out += digits;
    out.append(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out.append(digits, 0, static_cast<size_t>(point));
    out += '.';
    out.append(digits, static_cast<size_t>(point));
  }
}

std::string format_go_fixed(double v) {
  std::string out;
  append_go_fixed(out, v);
  return out;
}

} // namespace timeless::promql
