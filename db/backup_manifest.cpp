// The manifest of a backup directory (the file `MANIFEST`), plain text,
// one record per line, every line ended by '\n':
//
//   timeless-backup 1                       format version (manifest_version)
//   schema 4                                the store file's schema version
//   segment 3                               newest segment format version
//   created 1764784657123                   ms since the Unix epoch
//   file timeless.db 1048576 0a1b2c3d       name, bytes, CRC-32C (8 hex)
//   file catalog.db 8192 89abcdef           ... one line per file, sorted
//   crc 1f2e3d4c                            CRC-32C of every byte before
//                                           this line
//
// Numbers are unsigned decimal (no sign, no leading zeros but "0"; created
// may not be negative), checksums exactly 8 lowercase hex digits
// (codec/crc32c.hpp). The four header records come first, in this order;
// then the files in strictly ascending name order (so each once). A file
// name is 1 to 255 characters of [A-Za-z0-9._-], not "." or "..", not
// "MANIFEST". At least one file. Nothing may follow the crc line. A reader
// refuses a newer format version. Exactly one text encodes a manifest: what
// decodes, encodes back to the same bytes.

#include "db/backup_manifest.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "codec/crc32c.hpp"

namespace timeless::db {

namespace {

std::string hex8(uint32_t x) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", x);
  return buf;
}

bool parse_u64(std::string_view s, uint64_t& out) {
  if (s.empty() || (s.size() > 1 && s[0] == '0'))
    return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

bool parse_hex8(std::string_view s, uint32_t& out) {
  if (s.size() != 8)
    return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return ec == std::errc{} && p == s.data() + s.size();
}

/// Splits `line` at single spaces.
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    auto sp = line.find(' ', start);
    out.push_back(line.substr(start, sp - start));
    if (sp == std::string_view::npos)
      return out;
    start = sp + 1;
  }
}

status bad(size_t line_no, std::string_view line, std::string_view what) {
  return status::corruption("backup manifest line " + std::to_string(line_no) +
                            " ('" + std::string{line.substr(0, 80)} +
                            "'): " + std::string{what});
}

} // namespace

bool valid_backup_file_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == ".." ||
      name == manifest_name)
    return false;
  return std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::string encode_manifest(const backup_manifest& m) {
  std::string out = "timeless-backup " + std::to_string(manifest_version) +
                    "\nschema " + std::to_string(m.schema_version) +
                    "\nsegment " + std::to_string(m.segment_version) +
                    "\ncreated " + std::to_string(m.created_ms) + "\n";
  for (auto& f : m.files)
    out += "file " + f.name + " " + std::to_string(f.bytes) + " " +
           hex8(f.crc) + "\n";
  out += "crc " + hex8(codec::crc32c(out.data(), out.size())) + "\n";
  return out;
}

status decode_manifest(std::string_view text, backup_manifest& out) {
  out = backup_manifest{};
  if (text.empty() || text.back() != '\n')
    return status::corruption("backup manifest is empty or its last line is "
                              "not ended by a newline (truncated?)");
  auto crc_at = text.rfind("\ncrc ");
  if (crc_at == std::string_view::npos)
    return status::corruption("backup manifest has no crc line");
  auto body = text.substr(0, crc_at + 1);
  auto crc_line = text.substr(crc_at + 1, text.size() - crc_at - 2);
  uint32_t want = 0;
  if (!parse_hex8(crc_line.substr(4), want))
    return status::corruption("backup manifest crc line '" +
                              std::string{crc_line.substr(0, 80)} +
                              "' is not 'crc' and 8 lowercase hex digits");
  auto got = codec::crc32c(body.data(), body.size());
  if (got != want)
    return status::corruption("backup manifest checksum mismatch: stored " +
                              hex8(want) + ", computed " + hex8(got));
  static constexpr std::string_view heads[] = {"timeless-backup", "schema",
                                               "segment", "created"};
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    auto nl = body.find('\n', pos);
    auto line = body.substr(pos, nl - pos);
    pos = nl + 1;
    auto f = fields(line);
    uint64_t n = 0;
    if (line_no < 4) {
      auto head = heads[line_no++];
      if (f.size() != 2 || f[0] != head || !parse_u64(f[1], n) ||
          n > uint64_t(INT64_MAX))
        return bad(line_no, line,
                   "expected '" + std::string{head} + " <unsigned number>'");
      if (line_no == 1 && (n == 0 || n > manifest_version))
        return status::invalid_argument(
            "backup manifest version " + std::string{f[1]} +
            " is not supported (this build reads version " +
            std::to_string(manifest_version) + ")");
      if (line_no == 2)
        out.schema_version = static_cast<int64_t>(n);
      if (line_no == 3) {
        if (n > UINT32_MAX)
          return bad(line_no, line, "segment version out of range");
        out.segment_version = static_cast<uint32_t>(n);
      }
      if (line_no == 4)
        out.created_ms = static_cast<int64_t>(n);
      continue;
    }
    ++line_no;
    manifest_file mf;
    if (f.size() != 4 || f[0] != "file")
      return bad(line_no, line, "expected 'file <name> <bytes> <crc>'");
    if (!valid_backup_file_name(f[1]))
      return bad(line_no, line, "invalid file name");
    if (!out.files.empty() && f[1] <= out.files.back().name)
      return bad(line_no, line,
                 "file names must be sorted and listed once (a file listed "
                 "twice or out of order)");
    if (!parse_u64(f[2], mf.bytes))
      return bad(line_no, line, "invalid byte count");
    if (!parse_hex8(f[3], mf.crc))
      return bad(line_no, line, "invalid crc (8 lowercase hex digits)");
    mf.name = std::string{f[1]};
    out.files.push_back(std::move(mf));
  }
  if (line_no < 4)
    return status::corruption(
        "backup manifest is cut short before its created line");
  if (out.files.empty())
    return status::corruption("backup manifest lists no file");
  return status::ok();
}

} // namespace timeless::db
