#pragma once

// `timeless backup --data-dir D --to DIR` and `timeless restore --from DIR
// --data-dir D` (docs/cli.md): an online copy of a store and its restore.
// The command-line definitions live here too, so apps/main.cpp only
// registers them.

#include <ostream>
#include <string>

#include <caf/error.hpp>

#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace CLI {
class App;
} // namespace CLI

namespace timeless::apps {

/// The flags of both subcommands.
struct backup_args {
  std::string data_dir = "./data";
  std::string dest;
  std::string from;
  bool backup_json = false;
  bool restore_json = false;
};

/// Adds the subcommands `backup` and `restore` to `app`.
void add_backup_commands(CLI::App& app, backup_args& a);

/// Runs `backup` or `restore` if `app` parsed one of them: the exit status
/// (0 success, 1 failure), or -1 if neither was given.
int run_backup_commands(CLI::App& app, const backup_args& a);

/// The report as aligned lines under `title` ("timeless backup"), or as one
/// JSON object with the field names of `backup_report`.
std::string format_backup(const backup_report& r, const std::string& title);
std::string backup_json(const backup_report& r);

/// Opens the existing store in `data_dir` (recovering it if it was not
/// closed), backs it up into `dest`, closes it and prints the report.
caf::error run_backup(const std::string& data_dir, const std::string& dest,
                      bool json, std::ostream& out);

/// Verifies the backup in `from` and restores it into `data_dir` (which
/// must not exist or be empty), then prints the report.
caf::error run_restore(const std::string& from, const std::string& data_dir,
                       bool json, std::ostream& out);

} // namespace timeless::apps
