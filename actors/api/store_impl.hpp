#pragma once

// The store actor's behaviour (actors/api/store.cpp), for spawn_store
// (actors/api/store_spawn.cpp), which builds its state.

#include <memory>

#include "actors/read/read_path.hpp"
#include "timeless/store.hpp"

namespace timeless::detail {

/// The behaviour of the store actor over `init`: the handles of every actor
/// but the retention actor, which it spawns itself (it needs the store's
/// own handle).
store_actor::behavior_type store_impl(store_ptr self,
                                      std::shared_ptr<store_state> init);

} // namespace timeless::detail
