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

std::string sample_error_text(const caf::error& err) {
  auto msg = error_text(err);
  if (!msg.starts_with("sample "))
    return msg;
  size_t i = 7;
  while (i < msg.size() && msg[i] >= '0' && msg[i] <= '9')
    ++i;
  if (i > 7 && msg.compare(i, 2, ": ") == 0)
    msg.erase(0, i + 2);
  return msg;
}

} // namespace timeless::formats
