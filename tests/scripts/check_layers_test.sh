#!/usr/bin/env bash
# scripts/check-layers on two tiny trees of its own: one whose includes point down passes, one with an
# upward include of a header-only file (which linking would not catch) fails and names FILE:LINE.
set -euo pipefail
check=$1
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/src/core" "$tree/src/engine" "$tree/strategies"
cat > "$tree/CMakeLists.txt" <<'CMAKE'
dealer_layer(core SOURCES src/core/a.cpp)
dealer_layer(engine
  SOURCES src/engine/b.cpp
  DEPS dealer_core)
dealer_layer(strategies SOURCES strategies/c.cpp DEPS dealer_engine)
CMAKE
printf '#include <vector>\n' > "$tree/src/core/a.cpp"
printf '#pragma once\ninline int f() { return 1; }\n' > "$tree/src/engine/inline_only.h"
printf '#include "core/a.h"\n#include "engine/inline_only.h"\n' > "$tree/src/engine/b.cpp"
printf '#include "core/a.h"\n' > "$tree/strategies/c.cpp"

"$check" "$tree" | grep -q 'every include points down' || { echo "a clean tree was refused"; exit 1; }

printf '#include <vector>\n#include "engine/inline_only.h"\n' > "$tree/src/core/a.cpp"
if out=$("$check" "$tree"); then
  echo "an upward include passed: $out"
  exit 1
fi
grep -q '^src/core/a.cpp:2: layer core includes engine/' <<<"$out" || { echo "unexpected report: $out"; exit 1; }
echo "check-layers: clean tree passes, upward include refused at src/core/a.cpp:2"
