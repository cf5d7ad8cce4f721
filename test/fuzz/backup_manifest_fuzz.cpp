// libFuzzer target: arbitrary bytes read as a backup manifest, as given and
// with a correct checksum line appended (so the fuzzer reaches the field
// checks behind the checksum). A manifest that decodes must encode back to
// the same text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codec/crc32c.hpp"
#include "db/backup_manifest.hpp"

namespace {

void check(std::string_view text) {
  timeless::db::backup_manifest m;
  if (!timeless::db::decode_manifest(text, m).is_ok())
    return;
  if (timeless::db::encode_manifest(m) != text)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  check(text);
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x",
                timeless::codec::crc32c(text.data(), text.size()));
  check(std::string{text} + "crc " + crc + "\n");
  return 0;
}
