// The kernel side: hooks, BPF runs, events sent and dropped, payload copies.
#include "runtime/self_metrics/families.h"
#include "core/version.h"

namespace kotel::runtime {

// What the BPF programs ran, sent and lost (kernel counters), and which hooks are live.
void add_kernel_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  const auto& k = in.kernel;
  out.push_back({"kotel_build_info", "kotel version and git revision.", MetricType::kGauge,
                 {Sample{{{"version", core::kVersion}, {"revision", core::kGitRevision}}, 1}}});
  MetricFamily hooks{"kotel_hook_state", "1 for each hook in its current state (attached, FAILED, disabled).",
                     MetricType::kGauge, {}};
  for (const auto& h : in.hooks) hooks.samples.push_back(Sample{{{"hook", h.hook}, {"state", to_string(h.state)}}, 1});
  out.push_back(std::move(hooks));
  out.push_back(labelled("kotel_bpf_hook_runs_total", "BPF program runs that passed the first filters, per hook family.",
                         MetricType::kCounter, "hook",
                         {{"sock_io", k.at(probes::KernelCounter::kSockIoHits)},
                          {"sys_exit", k.at(probes::KernelCounter::kSysExitHits)},
                          {"close", k.at(probes::KernelCounter::kCloseHits)},
                          {"sock_state", k.at(probes::KernelCounter::kSockStateHits)},
                          {"sched", k.at(probes::KernelCounter::kSchedHits)}}));
  out.push_back(counter("kotel_bpf_events_total", "Events the kernel side handed to the ring/perf buffer.",
                        k.at(probes::KernelCounter::kEventsSent)));
  out.push_back(labelled("kotel_bpf_events_dropped_total", "Events the kernel side could not deliver, by reason.",
                         MetricType::kCounter, "reason",
                         {{"ring_full", k.at(probes::KernelCounter::kDropRingFull)},
                          {"map_full", k.at(probes::KernelCounter::kDropMapFull)}}));
  // kDropMissingStash is not exported: the only stash (the log hooks') finds
  // none for every write it did not watch, which is not a loss.
  out.push_back(counter("kotel_bpf_payload_truncated_total",
                        "Data events whose payload was cut at the configured prefix (byte counts stay exact).",
                        k.at(probes::KernelCounter::kPayloadTruncated)));
  out.push_back(counter("kotel_bpf_payload_read_faults_total", "Payload copies from user memory that failed.",
                        k.at(probes::KernelCounter::kReadFault)));
  out.push_back(counter("kotel_bpf_unattributed_io_total",
                        "Socket I/O not from a known syscall on its fd (io_uring, kernel sockets): not traced.",
                        k.at(probes::KernelCounter::kUnattributed)));
  out.push_back(counter("kotel_tls_calls_total", "SSL_read/SSL_write calls of traced processes (TLS uprobes).",
                        k.at(probes::KernelCounter::kTlsCalls)));
  out.push_back(labelled("kotel_tls_plaintext_lost_total", "SSL calls whose plaintext could not be delivered, by reason.",
                         MetricType::kCounter, "reason",
                         {{"no_entry", static_cast<double>(k.at(probes::KernelCounter::kTlsNoStash))},
                          {"no_socket", static_cast<double>(k.at(probes::KernelCounter::kTlsNoFd))},
                          {"no_connection", static_cast<double>(k.at(probes::KernelCounter::kTlsNoConn))}}));
  out.push_back(counter("kotel_bpf_connections_filtered_total", "Connections ignored by port/cgroup filters.",
                        k.at(probes::KernelCounter::kConnFiltered)));
  if (!in.programs.empty()) {
    MetricFamily runs{"kotel_bpf_program_runs_total", "Runs of each kotel BPF program (kernel stats, --bpf-stats).",
                      MetricType::kCounter, {}};
    MetricFamily time{"kotel_bpf_program_run_seconds_total",
                      "Time spent in each kotel BPF program (kernel stats, --bpf-stats).", MetricType::kCounter, {}};
    for (const auto& p : in.programs) {
      runs.samples.push_back(Sample{{{"hook", p.hook}}, static_cast<double>(p.runs)});
      time.samples.push_back(Sample{{{"hook", p.hook}}, static_cast<double>(p.run_time_ns) / 1e9});
    }
    out.push_back(std::move(runs));
    out.push_back(std::move(time));
  }
}

}  // namespace kotel::runtime
