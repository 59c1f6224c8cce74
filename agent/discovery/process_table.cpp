#include "discovery/process_table.h"

#include <unistd.h>

#include <array>
#include <fstream>

namespace kotel::discovery {

void ProcessTable::on_exec(uint32_t pid, std::string comm, std::string exe) {
  procs_[pid] = ProcessInfo{std::move(comm), std::move(exe)};
}

void ProcessTable::on_fork(uint32_t parent_pid, uint32_t child_pid) {
  if (parent_pid == child_pid) return;  // a new thread
  auto it = procs_.find(parent_pid);
  if (it != procs_.end()) procs_[child_pid] = it->second;
}

const ProcessInfo& ProcessTable::lookup(uint32_t pid) {
  auto it = procs_.find(pid);
  if (it != procs_.end()) return it->second;
  ProcessInfo info;
  std::string base = "/proc/" + std::to_string(pid);
  std::ifstream comm(base + "/comm");
  std::getline(comm, info.comm);
  std::array<char, 4096> buf{};
  ssize_t n = readlink((base + "/exe").c_str(), buf.data(), buf.size() - 1);
  if (n > 0) info.exe.assign(buf.data(), static_cast<size_t>(n));
  return procs_.emplace(pid, std::move(info)).first->second;
}

}  // namespace kotel::discovery
