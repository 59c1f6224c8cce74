#include "probes/tls/mapped_libraries.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace kotel::probes::tls {
namespace {

bool is_libssl(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return base.starts_with("libssl.so");
}

uint64_t hex(std::string_view s) {
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return v;
}

// "address perms offset major:minor inode path"; false for anonymous maps.
bool parse_line(std::string_view line, MappedLibrary& out) {
  std::string_view field[5];
  size_t pos = 0;
  for (auto& f : field) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) return false;
    f = line.substr(pos, end - pos);
    pos = end;
  }
  while (pos < line.size() && line[pos] == ' ') ++pos;
  std::string_view path = line.substr(pos);
  size_t colon = field[3].find(':');
  if (path.empty() || path[0] != '/' || colon == std::string_view::npos) return false;
  if (path.ends_with(" (deleted)")) return false;  // replaced on disk: the old inode cannot be opened by path
  uint64_t inode = 0;
  std::from_chars(field[4].data(), field[4].data() + field[4].size(), inode);
  out.id = {hex(field[3].substr(0, colon)) << 8 | hex(field[3].substr(colon + 1)), inode};
  out.path = std::string(path);
  return inode != 0;
}

}  // namespace

std::vector<MappedLibrary> libssl_in_maps(std::string_view text) {
  std::vector<MappedLibrary> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    MappedLibrary lib;
    if (!parse_line(line, lib) || !is_libssl(lib.path)) continue;
    if (std::none_of(out.begin(), out.end(), [&](const MappedLibrary& l) { return l.id == lib.id; }))
      out.push_back(std::move(lib));
  }
  return out;
}

std::vector<MappedLibrary> libssl_of_process(uint32_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return libssl_in_maps(text.str());
}

}  // namespace kotel::probes::tls
