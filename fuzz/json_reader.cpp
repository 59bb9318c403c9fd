// The JSON reader, over any bytes. Invariants: a text it accepts re-serialises (through JsonWriter) to
// JSON that it accepts again and that re-serialises to the same bytes; so a string it hands out must be
// well-formed UTF-8 (the writer would turn a stray byte into U+FFFD and the second pass would differ).
// A rejected text is a JsonError, never another exception or a crash.
#include "core/json_reader.h"

#include "core/json_writer.h"
#include "fuzz/fuzz_support.h"

using namespace dealer;
using fuzz::check;

namespace {

void copy_value(JsonReader& r, JsonWriter& w) {
  switch (r.peek()) {
    case JsonReader::Kind::kObject:
      r.begin_object();
      w.begin_object();
      while (r.next_key()) {
        w.key(r.key());
        copy_value(r, w);
      }
      w.end_object();
      return;
    case JsonReader::Kind::kArray:
      r.begin_array();
      w.begin_array();
      while (r.next_element()) copy_value(r, w);
      w.end_array();
      return;
    case JsonReader::Kind::kString:
      w.string(r.string());
      return;
    case JsonReader::Kind::kNumber:
      w.raw(r.number());
      return;
    case JsonReader::Kind::kBool:
      w.boolean(r.boolean());
      return;
    case JsonReader::Kind::kNull:
      r.null();
      w.null();
      return;
  }
}

// The text re-serialised, or nothing when the reader rejects it.
std::optional<std::string> reserialised(std::string_view text) {
  try {
    JsonReader r(text);
    JsonWriter w;
    copy_value(r, w);
    r.expect_end();
    return w.take();
  } catch (const JsonError&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto first = reserialised(fuzz::text_of(data, size));
  if (!first) return 0;
  const auto second = reserialised(*first);
  check(second.has_value(), "what the reader accepted re-serialises to JSON it accepts");
  check(*second == *first, "re-serialising twice gives the same bytes");
  return 0;
}
