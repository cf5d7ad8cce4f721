#include "formats/error_text.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>

#include "timeless/error.hpp"

namespace timeless::formats {

std::string error_text(const caf::error& err) {
  if (err && err.category() == caf::atom("timeless") &&
      err.context().match_elements<std::string>())
    return err.context().get_as<std::string>(0);
  return describe(err);
}

} // namespace timeless::formats
