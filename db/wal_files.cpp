#include "db/wal_files.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace timeless::db {

namespace fs = std::filesystem;

std::string wal_file_path(const std::string& dir, uint32_t shard,
                          uint64_t gen) {
  char name[64];
  std::snprintf(name, sizeof(name), "wal-%06u-%012llu.log", shard,
                static_cast<unsigned long long>(gen));
  return (fs::path{dir} / name).string();
}

namespace {

/// Parses "wal-SSSSSS-GGGGGGGGGGGG.log".
bool parse_name(const std::string& name, uint32_t& shard, uint64_t& gen) {
  if (name.size() != 27 || name.compare(0, 4, "wal-") != 0 || name[10] != '-' ||
      name.compare(23, 4, ".log") != 0)
    return false;
  auto digits = [&](size_t from, size_t n, uint64_t& v) {
    v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (name[i] < '0' || name[i] > '9')
        return false;
      v = v * 10 + static_cast<uint64_t>(name[i] - '0');
    }
    return true;
  };
  uint64_t s = 0;
  if (!digits(4, 6, s) || !digits(11, 12, gen))
    return false;
  shard = static_cast<uint32_t>(s);
  return true;
}

} // namespace

status list_wal_files(const std::string& dir, std::vector<wal_file>& out) {
  out.clear();
  std::error_code ec;
  if (!fs::exists(dir, ec))
    return status::ok();
  for (auto it = fs::directory_iterator(dir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    wal_file f;
    if (!parse_name(it->path().filename().string(), f.shard, f.gen))
      continue;
    std::error_code ec2;
    if (!it->is_regular_file(ec2))
      continue;
    f.path = it->path().string();
    f.size = it->file_size(ec2);
    out.push_back(std::move(f));
  }
  if (ec)
    return status::io_error("cannot list log directory " + dir + ": " +
                            ec.message());
  std::sort(out.begin(), out.end(), [](const wal_file& a, const wal_file& b) {
    return a.gen != b.gen ? a.gen < b.gen : a.shard < b.shard;
  });
  return status::ok();
}

status remove_wal_file(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
  if (ec)
    return status::io_error("cannot delete log " + path + ": " + ec.message());
  return status::ok();
}

} // namespace timeless::db
