#pragma once
// Which hooks are live, and why the others are not.

#include <string>
#include <vector>

namespace kotel::probes {

enum class HookState { kAttached, kFailed, kDisabled };

struct HookStatus {
  std::string program;  // BPF program name
  std::string hook;     // e.g. raw_tp/sys_exit
  std::string feature;  // what it gives the agent
  bool required = false;
  HookState state = HookState::kDisabled;
  std::string reason;   // empty when attached
};

const char* to_string(HookState s);
// One line per hook, for the log and for `kotel probes`.
std::vector<std::string> format_attach_report(const std::vector<HookStatus>& hooks);

}  // namespace kotel::probes
