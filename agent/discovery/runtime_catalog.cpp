#include "discovery/runtime_catalog.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>

namespace kotel::discovery {

Runtime RuntimeCatalog::lookup(uint32_t pid) {
  auto it = by_pid_.find(pid);
  if (it != by_pid_.end()) return it->second;
  std::string exe = proc_root_ + "/" + std::to_string(pid) + "/exe";
  struct stat st {};
  // stat follows the link to the executable itself, in whatever mount
  // namespace it lives. A process gone already is native and not remembered
  // (its pid will be reused).
  if (stat(exe.c_str(), &st) != 0) return Runtime::kNative;
  FileKey key{st.st_dev, st.st_ino,
              static_cast<uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000ULL + static_cast<uint64_t>(st.st_mtim.tv_nsec)};
  auto file = by_file_.find(key);
  Runtime runtime;
  if (file != by_file_.end()) {
    runtime = file->second;
  } else {
    std::array<char, 4096> target{};
    ssize_t n = readlink(exe.c_str(), target.data(), target.size() - 1);
    std::string_view path(target.data(), n > 0 ? static_cast<size_t>(n) : 0);
    runtime = executable_runtime(exe, path.substr(path.rfind('/') + 1));
    ++executables_read_;
    if (by_file_.size() >= kMaxExecutables) by_file_.clear();
    by_file_.emplace(key, runtime);
  }
  if (by_pid_.size() >= kMaxProcesses) by_pid_.clear();
  by_pid_.emplace(pid, runtime);
  return runtime;
}

}  // namespace kotel::discovery
