// TextTable: a table of text cells for a person's terminal (dealer history, dealer status): columns
// padded to their widest cell, the right-aligned ones (numbers) padded on the left, two spaces between
// columns, no trailing blanks. A plain value.
#pragma once

#include <string>
#include <vector>

namespace dealer {

class TextTable {
 public:
  // `right[c]`: column c is right-aligned.
  TextTable(std::vector<std::string> header, std::vector<bool> right) : right_(std::move(right)) {
    rows_.push_back(std::move(header));
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render() const;

 private:
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace dealer
