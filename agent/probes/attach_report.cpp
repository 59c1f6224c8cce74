#include "probes/attach_report.h"

#include <fmt/format.h>

namespace kotel::probes {

const char* to_string(HookState s) {
  switch (s) {
    case HookState::kAttached: return "attached";
    case HookState::kFailed: return "FAILED";
    default: return "disabled";
  }
}

std::vector<std::string> format_attach_report(const std::vector<HookStatus>& hooks) {
  std::vector<std::string> lines;
  for (const auto& h : hooks) {
    std::string line = fmt::format("{:<9} {:<34} {:<8} {}", to_string(h.state), h.hook,
                                   h.required ? "required" : "optional", h.feature);
    if (!h.reason.empty()) line += " — " + h.reason;
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace kotel::probes
