#pragma once
// pid -> the runtime its program runs (discovery/executable_runtime.h), read
// from /proc/<pid>/exe the first time the process is asked about and kept per
// executable file (device, inode, mtime), so a host starting a thousand curls
// reads curl's ELF once. Asked when a process's first HTTP connection is
// seen: off the per-event path.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "discovery/executable_runtime.h"

namespace kotel::discovery {

class RuntimeCatalog {
 public:
  static constexpr size_t kMaxProcesses = 65536;
  static constexpr size_t kMaxExecutables = 4096;

  explicit RuntimeCatalog(std::string proc_root = "/proc") : proc_root_(std::move(proc_root)) {}
  Runtime lookup(uint32_t pid);
  // The process ran a new program (exec) or exited: asked again next time.
  void forget(uint32_t pid) { by_pid_.erase(pid); }
  size_t executables_read() const { return executables_read_; }

 private:
  struct FileKey {
    uint64_t dev, ino, mtime_ns;
    bool operator==(const FileKey&) const = default;
  };
  struct FileKeyHash {
    size_t operator()(const FileKey& k) const { return k.ino * 0x9e3779b97f4a7c15ULL ^ k.dev ^ k.mtime_ns; }
  };
  std::string proc_root_;
  std::unordered_map<uint32_t, Runtime> by_pid_;
  std::unordered_map<FileKey, Runtime, FileKeyHash> by_file_;
  size_t executables_read_ = 0;
};

}  // namespace kotel::discovery
