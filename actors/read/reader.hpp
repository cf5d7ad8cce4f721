#pragma once

#include <memory>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "db/database.hpp"

namespace timeless::detail {

/// Spawns a query worker with its own read-only SQLite connection. It reads
/// the stored part of a query (rows up to each series' committed seq; the
/// rest is in memory) and decodes it. With `one_query` (the default) all
/// series of a read share one SQL statement.
reader_actor spawn_reader(caf::actor_system& sys,
                          std::unique_ptr<db::database> db, bool one_query);

} // namespace timeless::detail
