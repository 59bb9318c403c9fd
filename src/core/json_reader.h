// JsonReader: a pull parser over a complete JSON text. It hands out number tokens as their exact text
// (money must never pass through double, which is what a DOM would do) and unescaped strings as views
// (into the input when there are no escapes, else into a scratch buffer valid until the next string).
// Errors throw JsonError carrying the byte offset and the path ("return.asks[3].price"); codecs catch
// it at their public edge and return it as an Error value.
// Not thread-safe; one reader per text. The text must outlive the reader.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dealer {

class JsonError : public std::runtime_error {
 public:
  JsonError(const std::string& message, size_t offset) : std::runtime_error(message), offset_(offset) {}
  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

class JsonReader {
 public:
  enum class Kind { kObject, kArray, kString, kNumber, kBool, kNull };
  static constexpr size_t kMaxDepth = 64;

  explicit JsonReader(std::string_view text);

  Kind peek();

  void begin_object();
  // Advances to the next member and returns true with key() set, or consumes '}' and returns false.
  bool next_key();
  std::string_view key() const;

  void begin_array();
  // Returns true if another element follows, or consumes ']' and returns false.
  bool next_element();

  std::string_view string();
  std::string_view number();
  bool boolean();
  void null();
  // Consumes a null and returns true, or returns false and leaves the next value in place.
  bool null_if_present();
  void skip();
  // Only white space may remain.
  void expect_end();

  [[noreturn]] void fail(std::string_view message) const;
  [[noreturn]] void fail_at(size_t offset, std::string_view message) const;
  std::string path() const;
  size_t offset() const { return pos_; }
  // The input between two offsets (for capturing a value's exact text).
  std::string_view slice(size_t from, size_t to) const { return text_.substr(from, to - from); }

 private:
  struct Frame {
    bool array = false;
    bool first = true;
    size_t index = 0;
    std::string_view key;
    std::string key_storage;  // used only for keys with escapes
  };

  void skip_ws();
  char next_char();  // after white space; fails at end of input
  void expect(char c);
  void expect_literal(std::string_view word);
  std::string_view read_string(std::string& scratch);
  // The length of the unescaped character at pos_ that starts with byte `c`: a control character or
  // bytes that are not well-formed UTF-8 (RFC 8259 section 8.1) are errors.
  size_t plain_char_length(unsigned char c) const;
  void append_escape(std::string& out);
  unsigned read_hex4();
  void push(bool array);
  // Consumes `close` and leaves the container (false), or the ',' before the next item (true).
  bool advance(char close);
  Frame& top();

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<Frame> frames_;
  size_t depth_ = 0;
  std::string scratch_;
};

}  // namespace dealer
