// Runs an asynchronous call to completion in a test: starts it, then runs the io_context until its
// callback has run (or there is nothing left to run).
#pragma once

#include <boost/asio/io_context.hpp>
#include <optional>

#include "core/result.h"

namespace dealer::testing {

template <class T, class F>
Result<T> await_result(boost::asio::io_context& io, F start) {
  std::optional<Result<T>> out;
  start([&out](Result<T> r) { out.emplace(std::move(r)); });
  io.restart();
  while (!out && io.run_one()) {
  }
  if (!out) return make_error(Errc::kIo, "the call never finished");
  return std::move(*out);
}

}  // namespace dealer::testing
