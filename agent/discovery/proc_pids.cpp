#include "discovery/proc_pids.h"

#include <dirent.h>

#include <charconv>
#include <string_view>

namespace kotel::discovery {

std::vector<uint32_t> all_pids(const char* proc_root) {
  std::vector<uint32_t> out;
  DIR* d = opendir(proc_root);
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    uint32_t pid = 0;
    std::string_view name = e->d_name;
    auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec == std::errc() && p == name.data() + name.size()) out.push_back(pid);
  }
  closedir(d);
  return out;
}

}  // namespace kotel::discovery
