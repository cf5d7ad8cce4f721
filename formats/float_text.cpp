#include "formats/float_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace timeless::formats {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Case-insensitive equality with a lower-case literal.
bool iequals(std::string_view x, std::string_view lower) {
  if (x.size() != lower.size())
    return false;
  for (size_t i = 0; i < x.size(); ++i) {
    auto c = x[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i])
      return false;
  }
  return true;
}

/// True if the decimal float `t` (digits, optional '.', optional exponent;
/// already accepted by from_chars) is below 1 in magnitude.
bool below_one(std::string_view t) {
  size_t i = 0;
  int64_t mag = 0; // decimal exponent of the first significant digit
  bool found = false;
  for (; i < t.size() && is_digit(t[i]); ++i) {
    if (found)
      ++mag;
    else if (t[i] != '0')
      found = true;
  }
  if (i < t.size() && t[i] == '.') {
    for (++i; i < t.size() && is_digit(t[i]); ++i) {
      if (!found) {
        --mag;
        found = t[i] != '0';
      }
    }
  }
  if (!found)
    return true; // zero
  int64_t e = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool neg = i < t.size() && t[i] == '-';
    if (i < t.size() && (t[i] == '-' || t[i] == '+'))
      ++i;
    for (; i < t.size() && is_digit(t[i]); ++i)
      if (e < 1'000'000'000)
        e = e * 10 + (t[i] - '0');
    if (neg)
      e = -e;
  }
  return mag + e < 0;
}

} // namespace

float_parse parse_float(std::string_view t, double& out) {
  bool neg = false;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    neg = t[0] == '-';
    t.remove_prefix(1);
  }
  if (t.empty())
    return float_parse::invalid;
  if (!is_digit(t[0]) && t[0] != '.') {
    if (iequals(t, "nan")) {
      out = std::numeric_limits<double>::quiet_NaN();
      return float_parse::ok;
    }
    if (iequals(t, "inf") || iequals(t, "infinity")) {
      out = neg ? -std::numeric_limits<double>::infinity()
                : std::numeric_limits<double>::infinity();
      return float_parse::ok;
    }
    return float_parse::invalid;
  }
  double v = 0;
  auto res = std::from_chars(t.data(), t.data() + t.size(), v,
                             std::chars_format::general);
  if (res.ptr != t.data() + t.size())
    return float_parse::invalid;
  if (res.ec == std::errc::result_out_of_range) {
    if (!below_one(t))
      return float_parse::out_of_range;
    v = 0;
  } else if (res.ec != std::errc{}) {
    return float_parse::invalid;
  }
  out = neg ? -v : v;
  return float_parse::ok;
}

void append_float(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "NaN";
    return;
  }
  if (std::isinf(x)) {
    out += x > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), x);
  out.append(buf, res.ptr);
}

} // namespace timeless::formats
