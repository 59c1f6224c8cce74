#include "spans/sdk_processes.h"

#include <algorithm>

namespace kotel::spans {

const char* sdk_evidence_name(SdkEvidence e) {
  return e == SdkEvidence::kOwnSpanIds ? "own_span_ids" : "otlp_export";
}

bool SdkProcesses::mark(uint32_t pid, const std::string& service, SdkEvidence evidence, std::string detail) {
  if (by_pid_.contains(pid)) return true;
  if (by_pid_.size() >= kMaxProcesses) {
    ++table_full_;
    return false;
  }
  by_pid_.emplace(pid, SdkProcess{pid, service, evidence, std::move(detail), 0});
  ++marked_;
  return true;
}

SdkProcess* SdkProcesses::find(uint32_t pid) {
  auto it = by_pid_.find(pid);
  return it == by_pid_.end() ? nullptr : &it->second;
}

const SdkProcess* SdkProcesses::find(uint32_t pid) const {
  auto it = by_pid_.find(pid);
  return it == by_pid_.end() ? nullptr : &it->second;
}

std::vector<SdkProcess> SdkProcesses::list() const {
  std::vector<SdkProcess> out;
  out.reserve(by_pid_.size());
  for (const auto& [pid, p] : by_pid_) out.push_back(p);
  std::sort(out.begin(), out.end(), [](const SdkProcess& a, const SdkProcess& b) { return a.pid < b.pid; });
  return out;
}

}  // namespace kotel::spans
