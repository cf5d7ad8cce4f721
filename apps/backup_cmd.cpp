#include "apps/backup_cmd.hpp"

#include <cstdio>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "apps/store_flags.hpp"
#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "timeless/blocking_store.hpp"
#include "timeless/store.hpp"

namespace timeless::apps {

std::string format_backup(const backup_report& r, const std::string& title) {
  std::ostringstream os;
  os << title << '\n'
     << "  directory                  " << r.path << '\n'
     << "  files                      " << r.files << '\n'
     << "  bytes                      " << r.bytes << '\n'
     << "  duration                   " << r.duration_ms << " ms\n";
  return os.str();
}

std::string backup_json(const backup_report& r) {
  std::string out = "{\"path\":";
  formats::append_json_string(out, r.path);
  out += ",\"files\":" + std::to_string(r.files) +
         ",\"bytes\":" + std::to_string(r.bytes) +
         ",\"duration_ms\":" + std::to_string(r.duration_ms) + '}';
  return out;
}

caf::error run_backup(const std::string& data_dir, const std::string& dest,
                      bool json, std::ostream& out) {
  if (dest.empty())
    return make_error(errc::invalid_argument, "--to is required");
  store_options o;
  o.data_dir = data_dir;
  // Nothing but the copy: no background rollup or compaction meanwhile.
  o.rollup_interval = std::chrono::milliseconds{0};
  o.compaction_interval = std::chrono::milliseconds{0};
  auto store = open_existing_store(o);
  if (!store)
    return store.error();
  auto report = (*store)->backup(dest);
  auto closed = (*store)->close();
  if (!report)
    return report.error();
  out << (json ? backup_json(*report) + "\n"
               : format_backup(*report, "timeless backup"));
  return closed;
}

caf::error run_restore(const std::string& from, const std::string& data_dir,
                       bool json, std::ostream& out) {
  if (from.empty())
    return make_error(errc::invalid_argument, "--from is required");
  auto report = restore_backup(from, data_dir);
  if (!report)
    return report.error();
  out << (json ? backup_json(*report) + "\n"
               : format_backup(*report, "timeless restore"));
  return caf::error{};
}

void add_backup_commands(CLI::App& app, backup_args& a) {
  auto* b = app.add_subcommand(
      "backup", "Copy a store while it may be written to: every point "
                "acknowledged before the start is in the copy");
  b->add_option("--data-dir", a.data_dir, "Store directory")
      ->capture_default_str();
  b->add_option("--to", a.dest,
                "Backup directory (must not exist, or be empty)")
      ->required();
  b->add_flag("--json", a.backup_json, "Print one JSON object");
  auto* r = app.add_subcommand(
      "restore", "Check a backup (manifest, sizes, CRC-32C of every file) "
                 "and copy it into a new store directory");
  r->add_option("--from", a.from, "Backup directory")->required();
  r->add_option("--data-dir", a.data_dir,
                "Store directory to create (must not exist, or be empty)")
      ->capture_default_str();
  r->add_flag("--json", a.restore_json, "Print one JSON object");
}

int run_backup_commands(CLI::App& app, const backup_args& a) {
  caf::error err;
  const char* name = nullptr;
  if (app.got_subcommand("backup")) {
    name = "backup";
    err = run_backup(a.data_dir, a.dest, a.backup_json, std::cout);
  } else if (app.got_subcommand("restore")) {
    name = "restore";
    err = run_restore(a.from, a.data_dir, a.restore_json, std::cout);
  } else {
    return -1;
  }
  if (!err)
    return 0;
  std::fprintf(stderr, "timeless %s: %s\n", name,
               formats::error_text(err).c_str());
  return 1;
}

} // namespace timeless::apps
