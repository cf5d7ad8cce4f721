// libFuzzer target: arbitrary bytes read as a write-ahead log file.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "db/wal_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::unique_ptr<timeless::db::wal_reader> r;
  if (!timeless::db::wal_reader::open_memory({data, size}, r).is_ok())
    return 0;
  timeless::db::wal_record rec;
  for (int i = 0; i < 1'000'000; ++i) {
    bool end = false;
    if (!r->next(rec, end).is_ok() || end)
      break;
  }
  return 0;
}
