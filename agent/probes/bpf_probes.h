#pragma once
// Owns the loaded BPF skeleton and its links (RAII): configures rodata and map
// sizes, loads (retrying without optional programs the kernel refuses),
// attaches every hook and reports which ones are live.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "probes/attach_report.h"
#include "probes/kernel_counters.h"
#include "probes/probe_options.h"
#include "probes/tls/tls_programs.h"
#include "probes/user/user_probes.h"

struct kotel_bpf;
struct bpf_link;

namespace kotel::probes {

class BpfProbes {
 public:
  // Throws core::FatalError when a required program cannot load or attach.
  explicit BpfProbes(const ProbeOptions& opts);
  ~BpfProbes();
  BpfProbes(const BpfProbes&) = delete;
  BpfProbes& operator=(const BpfProbes&) = delete;

  // A copy: the log hooks change state while the agent runs (set_log_capture).
  std::vector<HookStatus> attach_report() const;
  bool uses_ringbuf() const { return opts_.use_ringbuf; }
  // The socket I/O hooks in use (never kAuto after construction).
  IoHooks io_hooks() const { return opts_.io_hooks; }
  int ringbuf_fd() const;
  int perf_fd() const;
  const ProbeOptions& options() const { return opts_; }

  KernelCounters read_counters() const;
  // The OpenSSL uprobe programs (loaded only with ProbeOptions::tls).
  tls::TlsPrograms tls_programs() const;
  user::UserProbePrograms user_probe_programs() const;

  // The kernel's per-program run statistics (run count, total run time),
  // collected only while run-time stats are on: enable_run_stats() turns them
  // on for as long as this object lives (bpf_enable_stats: no sysctl left
  // behind). Each has a small cost per program run, hence opt-in.
  struct ProgramStats {
    std::string hook;
    uint64_t runs = 0;
    uint64_t run_time_ns = 0;
  };
  bool enable_run_stats();
  bool run_stats_enabled() const { return stats_fd_ >= 0; }
  std::vector<ProgramStats> program_stats() const;
  // Stop copying payload for a connection generation (bytes keep flowing).
  void mute_payload(uint64_t gen);
  // Forget the kernel's entry for a {pid, fd} whose process has exited.
  void forget_connection(uint32_t pid, int32_t fd);
  // With ProbeOptions::logs_on_demand: attach (true) or detach (false) the log
  // hooks. Fails with why they could not attach (then none is attached).
  core::Result<void> set_log_capture(bool on);

 private:
  void open_and_load();
  bool try_load();  // false when an optional or alternative program was switched off: load again
  void attach_all();
  core::Result<void> attach_logs();  // fails with the first hook that failed
  void detach_logs();
  void destroy();

  ProbeOptions opts_;
  kotel_bpf* skel_ = nullptr;
  bool io_hooks_chosen_ = false;  // kAuto was asked: a refused socket hook may fall back
  std::vector<bpf_link*> links_;
  std::vector<bpf_link*> log_links_;  // on demand: attached and detached while running
  mutable std::mutex hooks_mu_;       // hooks_ changes after construction only through set_log_capture
  std::vector<HookStatus> hooks_;
  int stats_fd_ = -1;
};

}  // namespace kotel::probes
