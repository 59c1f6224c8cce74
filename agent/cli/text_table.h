#pragma once
// Columns of text aligned for a terminal: the CLI's human output.

#include <string>
#include <vector>

namespace kotel::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t rows() const { return rows_.size(); }
  // Left-aligned, two spaces between columns, no trailing spaces.
  std::string render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// 1536 -> "1.5K", 3 << 20 -> "3.0M": byte counts for a narrow column.
std::string human_bytes(uint64_t n);
// Nanoseconds as "850us", "12.3ms", "2.10s".
std::string human_duration(uint64_t ns);

}  // namespace kotel::cli
