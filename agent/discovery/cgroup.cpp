#include "discovery/cgroup.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace kotel::discovery {

std::string parse_cgroup2_mount(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string device, mount_point, fstype;
    if (fields >> device >> mount_point >> fstype && fstype == "cgroup2") return mount_point;
  }
  return {};
}

std::string cgroup2_mount() {
  std::ifstream in("/proc/mounts");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_cgroup2_mount(ss.str());
}

core::Result<uint64_t> cgroup_id_of(const std::string& path) {
  std::string root = cgroup2_mount();
  if (root.empty()) return core::Error{"no cgroup v2 hierarchy is mounted (see /proc/mounts)"};
  std::string full = root + (path.empty() || path[0] != '/' ? "/" + path : path);
  struct stat st {};
  if (stat(full.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return core::Error{"cgroup " + path + " not found at " + full};
  return static_cast<uint64_t>(st.st_ino);
}

}  // namespace kotel::discovery
