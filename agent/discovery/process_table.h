#pragma once
// pid -> what the process is (comm, executable), from exec events, falling back
// to /proc for processes that were running before the agent.

#include <cstdint>
#include <string>
#include <unordered_map>

namespace kotel::discovery {

struct ProcessInfo {
  std::string comm;
  std::string exe;
};

class ProcessTable {
 public:
  void on_exec(uint32_t pid, std::string comm, std::string exe);
  void on_fork(uint32_t parent_pid, uint32_t child_pid);
  void on_exit(uint32_t pid) { procs_.erase(pid); }
  // Known info, reading /proc/<pid> once if the process predates the agent.
  const ProcessInfo& lookup(uint32_t pid);
  size_t size() const { return procs_.size(); }

 private:
  std::unordered_map<uint32_t, ProcessInfo> procs_;
};

}  // namespace kotel::discovery
