#pragma once

// Error messages for people: the text of an error without its code name.

#include <string>

#include <caf/error.hpp>

namespace timeless::formats {

/// The context string of a Timeless error ("no store in ./data: ..."),
/// without the code name `describe` puts first; CAF's rendering for other
/// errors.
std::string error_text(const caf::error& err);

} // namespace timeless::formats
