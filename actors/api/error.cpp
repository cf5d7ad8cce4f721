#include "timeless/error.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace timeless {

std::string to_string(errc x) {
  switch (x) {
    case errc::none:
      return "none";
    case errc::invalid_metric_name:
      return "invalid_metric_name";
    case errc::invalid_label:
      return "invalid_label";
    case errc::too_many_labels:
      return "too_many_labels";
    case errc::name_too_long:
      return "name_too_long";
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::backpressure:
      return "backpressure";
    case errc::corruption:
      return "corruption";
    case errc::io_error:
      return "io_error";
    case errc::locked:
      return "locked";
    case errc::closed:
      return "closed";
    case errc::timeout:
      return "timeout";
    case errc::internal:
      return "internal";
  }
  return "errc(" + std::to_string(static_cast<int>(x)) + ")";
}

caf::error make_error(errc code, std::string context) {
  return caf::error{static_cast<uint8_t>(code), caf::atom("timeless"),
                    caf::make_message(std::move(context))};
}

bool is_data_error(const caf::error& err) {
  switch (code_of(err)) {
    case errc::invalid_metric_name:
    case errc::invalid_label:
    case errc::too_many_labels:
    case errc::name_too_long:
    case errc::invalid_argument:
      return true;
    default:
      return false;
  }
}

errc code_of(const caf::error& err) {
  if (!err)
    return errc::none;
  if (err.category() != caf::atom("timeless"))
    return err == caf::sec::request_timeout ? errc::timeout : errc::internal;
  return static_cast<errc>(err.code());
}

std::string describe(const caf::error& err) {
  if (!err)
    return "no error";
  if (err.category() == caf::atom("timeless")) {
    auto& ctx = err.context();
    std::string out = to_string(static_cast<errc>(err.code()));
    if (ctx.match_elements<std::string>())
      out += ": " + ctx.get_as<std::string>(0);
    return out;
  }
  return caf::to_string(err);
}

} // namespace timeless
