#pragma once

// The bridge between the HTTP server's Asio threads and the store's CAF
// actors.
//
// Threading rule: no CAF worker thread ever blocks on a socket and no Asio
// I/O thread ever blocks on the store. A request handler running on a
// connection's strand calls `ask`, which returns at once: it spawns a
// short-lived event-based actor that sends one request to the store
// (`self->request(store, timeout, xs...).then(...)`) and terminates when
// the answer (or an error, or the timeout) arrives. That answer is handed
// to the caller's callback by `boost::asio::post` onto the executor the
// caller named (the connection's strand), so the callback runs on an I/O
// thread, serialized with everything else of its connection, and never on
// a CAF worker. No scoped_actor or function_view ever receives on an I/O
// thread. Arguments are moved into the request (an import's batch of
// samples is moved, not copied).
//
// Lifetime: the callback owns whatever it captures (the connection); the
// actor gives up its copy before posting, so the last reference to a
// connection is dropped on its own strand. The executor's io_context must
// outlive every answer: `http_server::stop` waits until no connection is
// left before it stops the I/O threads, and a connection waiting for the
// store counts as left only once its callback has run.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>
#include <utility>

#include <boost/asio/post.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>

#include "server/bridge/tier_layout.hpp"
#include "timeless/store.hpp"

namespace timeless::server {

/// Hands store requests from I/O threads to CAF and their answers back.
class store_bridge {
 public:
  store_bridge(caf::actor_system& sys, store_actor store,
               std::chrono::milliseconds timeout)
      : sys_(sys), store_(std::move(store)), timeout_(timeout),
        tier_layouts_(std::make_shared<tier_layout_cache>()) {
    // nop
  }

  /// Sends `xs...` to the store and calls `done(caf::expected<T>)` on
  /// `ex` with its answer. Returns at once; never blocks.
  template <class T, class Executor, class... Ts>
  void ask(const Executor& ex, std::function<void(caf::expected<T>)> done,
           Ts... xs) const {
    ask_actor<T>(store_, ex, std::move(done), std::move(xs)...);
  }

  /// As `ask`, to another actor of the store's system (the alert
  /// evaluator).
  template <class T, class Handle, class Executor, class... Ts>
  void ask_actor(const Handle& dest, const Executor& ex,
                 std::function<void(caf::expected<T>)> done, Ts... xs) const {
    // The actor's handlers keep the executor (a strand of the server's
    // io_context) only until the answer is posted: it is dropped right
    // after, and only then does `live_` count the ask as finished, so
    // `wait_idle` guarantees that no actor still holds a strand when the
    // io_context is destroyed (an actor's behaviour is destroyed later, on
    // a CAF worker, when it terminates).
    struct cell_t {
      std::optional<Executor> ex;
      std::function<void(caf::expected<T>)> f;
    };
    auto cell = std::make_shared<cell_t>(cell_t{ex, std::move(done)});
    auto args = std::make_shared<std::tuple<Ts...>>(std::move(xs)...);
    auto live = live_;
    live->fetch_add(1, std::memory_order_relaxed);
    auto deliver = [cell, live](caf::expected<T> x) {
      if (!cell->ex)
        return;
      {
        auto e = std::move(*cell->ex);
        cell->ex.reset();
        auto f = std::move(cell->f); // the actor keeps an empty function
        boost::asio::post(e, [f = std::move(f), x = std::move(x)]() mutable {
          f(std::move(x));
        });
      }
      live->fetch_sub(1, std::memory_order_release);
    };
    auto store = dest;
    auto timeout = timeout_;
    sys_.spawn([store, timeout, args, deliver](caf::event_based_actor* self) {
      std::apply(
          [&](auto&... a) {
            self->request(store, timeout, std::move(a)...)
                .then([deliver](T& x) { deliver(std::move(x)); },
                      [deliver](caf::error& err) { deliver(std::move(err)); });
          },
          *args);
    });
  }

  /// One holder of a server executor on a CAF thread (a query job) that
  /// `wait_idle` waits for, as for an `ask`: the holder calls `release`
  /// once it has posted its answer and dropped its executor.
  class executor_lease {
   public:
    executor_lease() = default;
    explicit executor_lease(std::shared_ptr<std::atomic<size_t>> live)
        : live_(std::move(live)) {
      live_->fetch_add(1, std::memory_order_relaxed);
    }
    executor_lease(executor_lease&&) = default;
    executor_lease& operator=(executor_lease&&) = delete;
    ~executor_lease() { release(); }
    void release() {
      if (live_)
        live_->fetch_sub(1, std::memory_order_release);
      live_.reset();
    }

   private:
    std::shared_ptr<std::atomic<size_t>> live_;
  };

  executor_lease lease_executor() const { return executor_lease{live_}; }

  /// Waits until every `ask` and lease has posted its answer and dropped
  /// its executor, or `timeout` passed; returns whether none is left.
  bool wait_idle(std::chrono::milliseconds timeout) const {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (live_->load(std::memory_order_acquire) != 0) {
      if (std::chrono::steady_clock::now() >= until)
        return false;
      std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    return true;
  }

  caf::actor_system& system() const { return sys_; }

  const store_actor& store() const { return store_; }

  /// The store's tier layout as the query jobs last saw it.
  const std::shared_ptr<tier_layout_cache>& tier_layouts() const {
    return tier_layouts_;
  }

 private:
  caf::actor_system& sys_;
  store_actor store_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<tier_layout_cache> tier_layouts_;
  /// Asks whose actor still holds its executor.
  std::shared_ptr<std::atomic<size_t>> live_ =
      std::make_shared<std::atomic<size_t>>(0);
};

} // namespace timeless::server
