#include "discovery/proc_stat.h"

#include <dirent.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <string>

namespace kotel::discovery {
namespace {

uint64_t pgrp_of(const std::string& proc_root, std::string_view pid) {
  std::ifstream in(proc_root + "/" + std::string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return stat_field(stat, 5);
}

}  // namespace

uint64_t stat_field(std::string_view stat, int n) {
  size_t paren = stat.rfind(')');
  if (paren == std::string_view::npos || n < 3) return 0;
  std::string_view rest = stat.substr(paren + 1);
  int field = 2;  // ')' ends field 2 (comm)
  while (!rest.empty()) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    size_t end = rest.find_first_of(" \n");
    std::string_view token = rest.substr(0, end);
    if (token.empty()) break;
    if (++field == n) {
      uint64_t v = 0;
      auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
      return ec == std::errc{} && p == token.data() + token.size() ? v : 0;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  return 0;
}

std::vector<uint32_t> process_group_members(uint32_t pid, const char* proc_root) {
  std::vector<uint32_t> out{pid};
  uint64_t group = pgrp_of(proc_root, std::to_string(pid));
  DIR* dir = group ? opendir(proc_root) : nullptr;
  if (!dir) return out;
  while (dirent* e = readdir(dir)) {
    uint32_t other = 0;
    std::string_view name(e->d_name);
    auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), other);
    if (ec != std::errc{} || p != name.data() + name.size() || other == pid) continue;
    if (pgrp_of(proc_root, name) == group) out.push_back(other);
  }
  closedir(dir);
  return out;
}

}  // namespace kotel::discovery
