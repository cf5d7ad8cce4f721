#pragma once

#include <cstddef>
#include <cstdint>

namespace timeless::codec {

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of
/// every on-disk record. `crc32c("123456789") == 0xE3069283`.
/// Uses the SSE4.2 instruction when the CPU has it, a table otherwise.
uint32_t crc32c(const void* data, size_t size, uint32_t seed = 0);

} // namespace timeless::codec
