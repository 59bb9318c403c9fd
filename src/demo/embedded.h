// The files `dealer demo` carries inside the binary, so it runs from any directory with no files:
// generated at build time from the source tree by cmake/EmbedFiles.cmake (CMakeLists.txt says which).
#pragma once

#include <string_view>

namespace dealer::demo {

std::string_view demo_tape();    // data/mtgox-trades-btcusd-2013-01-01.csv
std::string_view demo_config();  // config/demo.yaml

}  // namespace dealer::demo
