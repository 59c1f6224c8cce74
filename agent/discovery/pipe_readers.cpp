#include "discovery/pipe_readers.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

namespace kotel::discovery {
namespace {

constexpr int kMaxDepth = 8;

// "pipe:[1234]" for a pipe, else "".
std::string pipe_of(const std::string& proc_root, uint32_t pid, int fd) {
  std::string link = proc_root + "/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
  char target[64];
  ssize_t n = readlink(link.c_str(), target, sizeof target);
  if (n <= 0 || n == sizeof target) return {};
  std::string t(target, static_cast<size_t>(n));
  return t.rfind("pipe:", 0) == 0 ? t : std::string();
}

std::vector<uint32_t> all_pids(const char* proc_root) {
  std::vector<uint32_t> out;
  DIR* dir = opendir(proc_root);
  if (!dir) return out;
  while (dirent* e = readdir(dir)) {
    std::string_view name(e->d_name);
    uint32_t pid = 0;
    auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec == std::errc{} && p == name.data() + name.size()) out.push_back(pid);
  }
  closedir(dir);
  return out;
}

}  // namespace

std::vector<uint32_t> output_pipeline(uint32_t pid, const char* proc_root) {
  std::vector<uint32_t> found{pid};
  std::vector<uint32_t> writers{pid};
  std::vector<uint32_t> pids;
  for (int depth = 0; depth < kMaxDepth && !writers.empty(); ++depth) {
    std::vector<std::string> pipes;
    for (uint32_t w : writers)
      for (int fd : {1, 2})
        if (auto p = pipe_of(proc_root, w, fd); !p.empty()) pipes.push_back(std::move(p));
    writers.clear();
    if (pipes.empty()) break;
    if (pids.empty()) pids = all_pids(proc_root);
    for (uint32_t other : pids) {
      if (std::find(found.begin(), found.end(), other) != found.end()) continue;
      std::string in = pipe_of(proc_root, other, 0);
      if (in.empty() || std::find(pipes.begin(), pipes.end(), in) == pipes.end()) continue;
      found.push_back(other);
      writers.push_back(other);
    }
  }
  return found;
}

}  // namespace kotel::discovery
