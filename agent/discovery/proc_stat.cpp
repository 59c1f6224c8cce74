#include "discovery/proc_stat.h"

#include <charconv>

namespace kotel::discovery {

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

}  // namespace kotel::discovery
