#pragma once

#include <cstdint>
#include <string>

namespace timeless::db {

/// Bytes of every regular file below `dir` (0 if it does not exist): what
/// a store really occupies on disk.
uint64_t directory_bytes(const std::string& dir);

} // namespace timeless::db
