#include "server/routes/common.hpp"

#include <charconv>
#include <string>

#include "formats/error_text.hpp"
#include "server/http/response.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

std::optional<int64_t> captured_id(const exchange_ptr& x,
                                   std::string_view what) {
  const auto& text = x->captures.at(0);
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec == std::errc{} && end == text.data() + text.size() && id > 0)
    return id;
  x->reply(error_response(http::status::bad_request,
                          "'" + text.substr(0, 64) +
                              "' is not a positive integer id of " +
                              std::string{what}));
  return std::nullopt;
}

void answer_delete(const exchange_ptr& x, std::string_view what, int64_t id,
                   const caf::expected<bool>& found) {
  if (!found)
    x->reply(store_failure(found.error(), false));
  else if (!*found)
    x->reply(error_response(http::status::not_found, "no " + std::string{what} +
                                                         " with id " +
                                                         std::to_string(id)));
  else
    x->reply(make_response(http::status::ok, "application/json",
                           "{\"status\":\"deleted\"}\n"));
}

response_type store_failure(const caf::error& err, bool prom) {
  auto text = formats::error_text(err);
  auto status = http::status::internal_server_error;
  const char* type = "internal";
  switch (code_of(err)) {
    case errc::invalid_argument:
    case errc::invalid_metric_name:
    case errc::invalid_label:
    case errc::too_many_labels:
    case errc::name_too_long:
      status = http::status::bad_request;
      type = "bad_data";
      break;
    case errc::backpressure:
    case errc::closed:
    case errc::timeout:
      status = http::status::service_unavailable;
      type = "unavailable";
      break;
    default:
      if (err.category() != caf::atom("timeless")) {
        // CAF's own: a request timeout or a dead store actor.
        status = http::status::service_unavailable;
        type = "unavailable";
      }
      break;
  }
  auto msg = "store: " + text;
  auto res = prom ? prom_error_response(status, type, msg)
                  : error_response(status, msg);
  if (status == http::status::service_unavailable)
    res.set(http::field::retry_after, "1");
  return res;
}

void in_sequence(
    size_t n, std::function<void(size_t, std::function<void(caf::error)>)> step,
    std::function<void(caf::error)> done) {
  struct state {
    size_t n;
    size_t i = 0;
    std::function<void(size_t, std::function<void(caf::error)>)> step;
    std::function<void(caf::error)> done;
  };
  auto st =
      std::make_shared<state>(state{n, 0, std::move(step), std::move(done)});
  auto run = std::make_shared<std::function<void(caf::error)>>();
  *run = [st, weak = std::weak_ptr<std::function<void(caf::error)>>(run)](
             caf::error err) {
    auto self = weak.lock();
    if (err || st->i == st->n || !self) {
      auto d = std::move(st->done);
      d(std::move(err));
      return;
    }
    auto i = st->i++;
    st->step(i, [st, self](caf::error e) { (*self)(std::move(e)); });
  };
  (*run)(caf::error{});
}

} // namespace timeless::server
