#include "core/json_reader.h"

#include "core/utf8.h"

namespace dealer {

// All frames exist up front: keys may point into a frame's own storage, which must never move.
JsonReader::JsonReader(std::string_view text) : text_(text), frames_(kMaxDepth) {}

void JsonReader::fail(std::string_view message) const { fail_at(pos_, message); }

void JsonReader::fail_at(size_t offset, std::string_view message) const {
  std::string full = "JSON at byte " + std::to_string(offset);
  const std::string where = path();
  if (!where.empty()) full += " (" + where + ")";
  full += ": ";
  full += message;
  throw JsonError(full, offset);
}

std::string JsonReader::path() const {
  std::string out;
  for (size_t i = 0; i < depth_; ++i) {
    const Frame& f = frames_[i];
    if (f.first) break;  // no member or element entered yet
    if (f.array) {
      out += '[' + std::to_string(f.index) + ']';
    } else {
      if (!out.empty()) out += '.';
      out.append(f.key);
    }
  }
  return out;
}

void JsonReader::skip_ws() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
    ++pos_;
  }
}

char JsonReader::next_char() {
  skip_ws();
  if (pos_ >= text_.size()) fail("unexpected end of input");
  return text_[pos_];
}

void JsonReader::expect(char c) {
  if (next_char() != c) fail(std::string("expected '") + c + "'");
  ++pos_;
}

JsonReader::Kind JsonReader::peek() {
  switch (next_char()) {
    case '{': return Kind::kObject;
    case '[': return Kind::kArray;
    case '"': return Kind::kString;
    case 't':
    case 'f': return Kind::kBool;
    case 'n': return Kind::kNull;
    default: {
      const char c = text_[pos_];
      if (c == '-' || (c >= '0' && c <= '9')) return Kind::kNumber;
      fail("expected a JSON value");
    }
  }
}

JsonReader::Frame& JsonReader::top() { return frames_[depth_ - 1]; }

void JsonReader::push(bool array) {
  if (depth_ == kMaxDepth) fail("nesting deeper than 64 levels");
  Frame& f = frames_[depth_++];
  f.array = array;
  f.first = true;
  f.index = 0;
  f.key = {};
}

void JsonReader::begin_object() {
  expect('{');
  push(false);
}

bool JsonReader::advance(char close) {
  Frame& f = top();
  const char c = next_char();
  if (c == close) {
    ++pos_;
    --depth_;
    return false;
  }
  if (!f.first) {
    if (c != ',') fail(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    ++pos_;
    if (f.array) ++f.index;
  }
  f.first = false;
  return true;
}

bool JsonReader::next_key() {
  if (!advance('}')) return false;
  if (next_char() != '"') fail("expected a member name");
  Frame& f = top();
  // The previous key may be a view into key_storage, which reading this one rewrites: an error inside
  // this key must not name it in path() (fuzz/json_reader, ASan heap-use-after-free).
  f.key = {};
  f.key = read_string(f.key_storage);
  expect(':');
  return true;
}

std::string_view JsonReader::key() const { return frames_[depth_ - 1].key; }

void JsonReader::begin_array() {
  expect('[');
  push(true);
}

bool JsonReader::next_element() { return advance(']'); }

std::string_view JsonReader::string() {
  if (next_char() != '"') fail("expected a string");
  return read_string(scratch_);
}

std::string_view JsonReader::read_string(std::string& scratch) {
  const size_t begin = ++pos_;  // after the opening quote
  // Fast path: no escapes, the view points into the input.
  while (pos_ < text_.size()) {
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') return text_.substr(begin, pos_++ - begin);
    if (c == '\\') break;
    pos_ += plain_char_length(c);
  }
  scratch.assign(text_.substr(begin, pos_ - begin));
  while (pos_ < text_.size()) {
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return scratch;
    }
    if (c == '\\') {
      append_escape(scratch);
    } else {
      const size_t n = plain_char_length(c);
      scratch.append(text_.substr(pos_, n));
      pos_ += n;
    }
  }
  fail("unterminated string");
}

size_t JsonReader::plain_char_length(unsigned char c) const {
  if (c < 0x20) fail("control character in string");
  if (c < 0x80) return 1;
  const size_t n = utf8_sequence_length(text_, pos_);
  if (n == 0) fail("string is not valid UTF-8");
  return n;
}

unsigned JsonReader::read_hex4() {
  if (text_.size() - pos_ < 4) fail("truncated \\u escape");
  unsigned value = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = text_[pos_++];
    value <<= 4;
    if (c >= '0' && c <= '9') value |= c - '0';
    else if (c >= 'a' && c <= 'f') value |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') value |= c - 'A' + 10;
    else fail("bad hex digit in \\u escape");
  }
  return value;
}

void JsonReader::append_escape(std::string& out) {
  ++pos_;  // the backslash
  if (pos_ >= text_.size()) fail("unterminated escape");
  const char c = text_[pos_++];
  switch (c) {
    case '"': out += '"'; return;
    case '\\': out += '\\'; return;
    case '/': out += '/'; return;
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case 'u': break;
    default: fail("unknown escape");
  }
  unsigned code = read_hex4();
  if (code >= 0xDC00 && code <= 0xDFFF) fail("lone low surrogate");
  if (code >= 0xD800 && code <= 0xDBFF) {
    if (text_.substr(pos_, 2) != "\\u") fail("high surrogate without its pair");
    pos_ += 2;
    const unsigned low = read_hex4();
    if (low < 0xDC00 || low > 0xDFFF) fail("bad surrogate pair");
    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
  }
  // UTF-8 encoding.
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

std::string_view JsonReader::number() {
  next_char();
  const size_t begin = pos_;
  auto digits = [&] {
    const size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  };
  if (text_[pos_] == '-') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '0') {
    ++pos_;
  } else if (!digits()) {
    fail_at(begin, "expected a number");
  }
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    if (!digits()) fail_at(begin, "expected a digit after '.'");
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!digits()) fail_at(begin, "expected a digit in the exponent");
  }
  return text_.substr(begin, pos_ - begin);
}

void JsonReader::expect_literal(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) fail("expected " + std::string(word));
  pos_ += word.size();
}

bool JsonReader::boolean() {
  const char c = next_char();
  if (c == 't') {
    expect_literal("true");
    return true;
  }
  if (c == 'f') {
    expect_literal("false");
    return false;
  }
  fail("expected true or false");
}

void JsonReader::null() {
  next_char();
  expect_literal("null");
}

bool JsonReader::null_if_present() {
  if (next_char() != 'n') return false;
  expect_literal("null");
  return true;
}

void JsonReader::skip() {
  switch (peek()) {
    case Kind::kObject:
      begin_object();
      while (next_key()) skip();
      return;
    case Kind::kArray:
      begin_array();
      while (next_element()) skip();
      return;
    case Kind::kString: string(); return;
    case Kind::kNumber: number(); return;
    case Kind::kBool: boolean(); return;
    case Kind::kNull: null(); return;
  }
}

void JsonReader::expect_end() {
  skip_ws();
  if (pos_ != text_.size()) fail("unexpected data after the JSON value");
}

}  // namespace dealer
