#include "discovery/pipe_readers.h"

#include <unistd.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "discovery/proc_pids.h"

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

}  // namespace

std::vector<uint32_t> output_pipeline(uint32_t pid, const char* proc_root) {
  std::vector<uint32_t> found{pid};
  std::vector<uint32_t> writers{pid};
  std::unordered_map<uint32_t, std::string> stdin_pipes;  // read once, on the first level that has pipes
  for (int depth = 0; depth < kMaxDepth && !writers.empty(); ++depth) {
    std::vector<std::string> pipes;
    for (uint32_t w : writers)
      for (int fd : {1, 2})
        if (auto p = pipe_of(proc_root, w, fd); !p.empty()) pipes.push_back(std::move(p));
    writers.clear();
    if (pipes.empty()) break;
    if (stdin_pipes.empty())
      for (uint32_t other : all_pids(proc_root))
        if (auto in = pipe_of(proc_root, other, 0); !in.empty()) stdin_pipes.emplace(other, std::move(in));
    for (const auto& [other, in] : stdin_pipes) {
      if (std::find(found.begin(), found.end(), other) != found.end()) continue;
      if (std::find(pipes.begin(), pipes.end(), in) == pipes.end()) continue;
      found.push_back(other);
      writers.push_back(other);
    }
  }
  return found;
}

}  // namespace kotel::discovery
