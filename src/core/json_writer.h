// JsonWriter: builds compact JSON text into a string. Numbers are written from their exact decimal form
// (Decimal or integer), never from a double. The caller keeps begin/end calls balanced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/decimal.h"

namespace dealer {

class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);

  void string(std::string_view value);
  void integer(int64_t value);
  void number(const Decimal& value);
  void boolean(bool value);
  void null();
  // A value already in JSON form, written as it is.
  void raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }
  void reserve(size_t bytes) { out_.reserve(bytes); }

 private:
  void before_value();

  std::string out_;
  bool need_comma_ = false;
};

// Appends `value` as a quoted JSON string. Well-formed UTF-8 passes through; quotes, backslashes and
// control characters are escaped; each byte that is not part of well-formed UTF-8 becomes \ufffd.
void append_json_string(std::string& out, std::string_view value);

}  // namespace dealer
