#include "cli/check_command.h"

#include <unistd.h>

#include <cstdio>

#include "core/fatal_error.h"
#include "probes/bpf_probes.h"
#include "probes/host_checks.h"

namespace kotel::cli {

int run_check() {
  bool ok = true;
  for (const auto& c : probes::run_host_checks()) {
    std::printf("%-4s %-12s %s\n", c.ok ? "ok" : "FAIL", c.name.c_str(), c.detail.c_str());
    ok &= c.ok;
  }
  if (!ok) return 1;
  try {
    probes::ProbeOptions opts;
    opts.agent_tgid = static_cast<uint32_t>(getpid());
    opts.use_ringbuf = probes::kernel_has_ringbuf();
    opts.ring_buffer_bytes = 1 << 16;
    probes::BpfProbes loaded(opts);
    for (const auto& line : probes::format_attach_report(loaded.attach_report())) std::printf("hook %s\n", line.c_str());
  } catch (const core::FatalError& e) {
    std::printf("FAIL %-12s %s — %s\n%s", "bpf load", e.what(), e.hint().c_str(), e.details().c_str());
    return 1;
  }
  std::printf("ok   %-12s this host can run kotel\n", "summary");
  return 0;
}

}  // namespace kotel::cli
