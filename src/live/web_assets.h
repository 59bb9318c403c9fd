// The dashboard's files, inside the binary (no CDN, no network, no files at run time): web/index.html,
// web/app.js, web/app.css and TradingView's lightweight-charts (Apache-2.0) as npm installed it,
// turned into byte arrays at build time by cmake/EmbedWeb.cmake (CMakeLists.txt lists them).
#pragma once

#include <span>
#include <string_view>

namespace dealer::live {

struct WebAsset {
  std::string_view path;  // the URL path it is served at: "/", "/app.js"
  std::string_view content_type;
  std::string_view bytes;
};

std::span<const WebAsset> web_assets();

}  // namespace dealer::live
