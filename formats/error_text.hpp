#pragma once

// Error messages for people: the text of an error without its code name.

#include <string>

#include <caf/error.hpp>

namespace timeless::formats {

/// The context string of a Timeless error ("no store in ./data: ..."),
/// without the code name `describe` puts first; CAF's rendering for other
/// errors.
std::string error_text(const caf::error& err);

/// `error_text` of an error about one sample of a batch, without the index
/// the store puts first ("sample 3: "): for an input line the index says
/// nothing, the line number does.
std::string sample_error_text(const caf::error& err);

} // namespace timeless::formats
