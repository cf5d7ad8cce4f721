#pragma once

// Write-ahead log file format, version 1. One file per shard and
// generation: wal/wal-<shard, 6 digits>-<generation, 12 digits>.log.
// All integers little-endian.
//
// File header (32 bytes):
//   0  magic        8 bytes  "TMLSWAL\0"
//   8  version      u16      1
//  10  reserved     u16      0
//  12  shard        u32
//  16  generation   u64
//  24  header_crc   u32      CRC-32C of bytes 0..23
//  28  reserved     u32      0
//
// Then records, back to back:
//   0  length       u32      payload bytes (<= max_record_bytes)
//   4  crc          u32      CRC-32C of the type byte and the payload
//   8  type         u8       1 = batch
//   9  payload      `length` bytes
//
// Batch payload:
//   u32 def_count, u32 point_count,
//   def_count x { u64 id, u32 metric_len, metric bytes,
//                 u32 labels_len, labels bytes (canonical encoding) },
//   u64 series[point_count], i64 ts[point_count], f64 value[point_count]
//   (the doubles' IEEE-754 bit patterns).
//
// A reader stops at a clean end of file; a record cut short at the end of
// the file is a torn tail (a crash mid-write), not an error; a record whose
// checksum or lengths are wrong with more bytes after it is corruption.

#include <cstddef>
#include <cstdint>

namespace timeless::db::wal {

inline constexpr char magic[8] = {'T', 'M', 'L', 'S', 'W', 'A', 'L', '\0'};
inline constexpr uint16_t version = 1;
inline constexpr size_t file_header_bytes = 32;
inline constexpr size_t record_header_bytes = 9;
inline constexpr uint8_t batch_record = 1;
inline constexpr uint32_t max_record_bytes = 256u << 20;

} // namespace timeless::db::wal
