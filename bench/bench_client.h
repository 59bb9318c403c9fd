// The MtGox client the benchmarks sign with: alice's simulator-only credentials of
// config/exchange.yaml and a base URL that is never connected to (the benchmarks only build requests).
// Header-only like bench_support.h. The client is owned by the caller; use it on one thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "exchange/mtgox/client.h"

namespace dealer::bench {

// `nonce_file` empty: nonces are not kept; otherwise each one is written there, as dealer run does.
inline std::unique_ptr<mtgox::Client> make_bench_client(boost::asio::io_context& io, const Clock& clock,
                                                        const std::string& nonce_file = {}) {
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:1";
  o.key = "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11";
  o.secret_base64 =
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
  o.nonce_file = nonce_file;
  auto client = mtgox::Client::create(io, o, clock);
  if (!client) throw std::runtime_error(client.error().describe());
  return std::move(*client);
}

}  // namespace dealer::bench
