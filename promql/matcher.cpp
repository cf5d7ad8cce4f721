#include "promql/matcher.hpp"

#include <re2/re2.h>

#include "promql/labels.hpp"

namespace timeless::promql {

std::optional<matcher> matcher::make(std::string name, op kind,
                                     std::string value, std::string* error) {
  matcher m{std::move(name), kind, std::move(value), nullptr};
  if (kind == op::re || kind == op::nre) {
    RE2::Options opts;
    opts.set_log_errors(false);
    auto re = std::make_shared<RE2>("^(?:" + m.value + ")$", opts);
    if (!re->ok()) {
      // At most 256 bytes of the pattern and of RE2's message (which
      // quotes the offending part): a hostile pattern must not come back
      // whole in the error.
      auto cut = [](const std::string& x) {
        return x.size() > 256 ? x.substr(0, 256) + "..." : x;
      };
      if (error)
        *error = "invalid regular expression " + quote(cut(m.value)) + ": " +
                 cut(re->error());
      return std::nullopt;
    }
    m.re = std::move(re);
  }
  return m;
}

bool matcher::matches(std::string_view v) const {
  switch (kind) {
    case op::eq:
      return v == value;
    case op::ne:
      return v != value;
    case op::re:
      return re && RE2::FullMatch(v, *re);
    case op::nre:
      return !re || !RE2::FullMatch(v, *re);
  }
  return false;
}

std::string_view to_string(matcher::op k) {
  switch (k) {
    case matcher::op::eq:
      return "=";
    case matcher::op::ne:
      return "!=";
    case matcher::op::re:
      return "=~";
    case matcher::op::nre:
      return "!~";
  }
  return "?";
}

std::string matcher::to_string() const {
  return name + std::string{promql::to_string(kind)} + quote(value);
}

} // namespace timeless::promql
