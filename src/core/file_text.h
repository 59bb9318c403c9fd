// Reading a whole file into memory, bounded: a reader of a JSON or YAML file sets the most it can need,
// and a larger input (an endless /dev/zero, a tape named by mistake) is refused with an error naming
// the file and the limit once that many bytes were read, instead of taking all memory (issue 18 case 5).
// Reads in chunks of 64 KiB; any thread.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.h"

namespace dealer {

// The file's bytes; Errc::kIo when it cannot be opened or read, Errc::kInvalidArgument when it holds
// more than `max_bytes` ("PATH: more than 64 MiB: not a WHAT").
Result<std::string> read_file_text(const std::string& path, size_t max_bytes, std::string_view what);

}  // namespace dealer
