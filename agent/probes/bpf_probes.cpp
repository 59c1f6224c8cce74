#include "probes/bpf_probes.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/fatal_error.h"
#include "kotel.skel.h"
#include "probes/libbpf_log.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel::probes {
namespace {

constexpr uint8_t kInclude = 1;  // KOTEL_FILTER_INCLUDE
constexpr uint8_t kExclude = 2;

struct HookSpec {
  const char* program;
  const char* hook;
  const char* feature;
  bool required;
};

// The attach plan: every program, what it gives, and whether the agent can do
// without it. Order is the order of the report.
constexpr HookSpec kHooks[] = {
    {"kotel_sys_exit", "raw_tp/sys_exit", "socket data, connect, accept", true},
    {"kotel_sys_enter_close", "tp/syscalls/sys_enter_close", "prompt connection close", false},
    {"kotel_inet_sock_set_state", "tp/sock/inet_sock_set_state", "TCP states, failed connects", false},
    {"kotel_sched_exec", "tp/sched/sched_process_exec", "process names", false},
    {"kotel_sched_exit", "tp/sched/sched_process_exit", "process exit", false},
    {"kotel_sched_fork", "raw_tp/sched_process_fork", "process and thread ancestry", false},
};

std::string errno_text(int err) { return std::string(strerror(err < 0 ? -err : err)); }

template <typename K, typename V>
void fill_filter(bpf_map* map, const std::vector<K>& keys, V value) {
  for (K k : keys) {
    if (bpf_map__update_elem(map, &k, sizeof(k), &value, sizeof(value), BPF_ANY) != 0)
      throw core::FatalError("cannot set a filter entry", "lower the number of --pid/--port/--cgroup values (max 1024)");
  }
}

bpf_program* find_program(kotel_bpf* skel, const char* name) {
  return bpf_object__find_program_by_name(skel->obj, name);
}

// The optional program named in libbpf's "prog 'X': failed to load" line, if any.
const HookSpec* failed_optional_program(const std::string& log) {
  for (const auto& h : kHooks) {
    if (!h.required && log.find(std::string("prog '") + h.program + "': failed to load") != std::string::npos) return &h;
  }
  return nullptr;
}

}  // namespace

BpfProbes::BpfProbes(const ProbeOptions& opts) : opts_(opts) {
  install_libbpf_logger();
  for (const auto& h : kHooks) hooks_.push_back({h.program, h.hook, h.feature, h.required, HookState::kDisabled, ""});
  open_and_load();
  try {
    attach_all();
  } catch (...) {
    destroy();
    throw;
  }
}

BpfProbes::~BpfProbes() { destroy(); }

void BpfProbes::destroy() {
  for (bpf_link* l : links_) bpf_link__destroy(l);  // detach first, then free the programs
  links_.clear();
  kotel_bpf__destroy(skel_);
  skel_ = nullptr;
}

void BpfProbes::open_and_load() {
  // Each failing optional program is switched off and the load retried, so a
  // kernel that refuses one hook still gets the others.
  for (size_t attempt = 0; attempt <= std::size(kHooks); ++attempt) {
    libbpf_clear_log();
    skel_ = kotel_bpf__open();
    if (!skel_) throw core::FatalError("cannot open the embedded BPF object: " + errno_text(errno), "see kotel check");

    auto* ro = skel_->rodata;
    ro->agent_tgid = opts_.agent_tgid;
    ro->payload_cap = opts_.payload_bytes;
    ro->capture_payload = opts_.payload_bytes > 0;
    ro->use_ringbuf = opts_.use_ringbuf;
    ro->wakeup_bytes = opts_.wakeup_bytes;
    ro->pid_filter = !opts_.pids.empty() ? 1 : (!opts_.exclude_pids.empty() ? 2 : 0);
    ro->port_filter = !opts_.ports.empty();
    ro->cgroup_filter = !opts_.cgroup_ids.empty();

    bpf_map__set_max_entries(skel_->maps.events_rb, opts_.use_ringbuf ? opts_.ring_buffer_bytes : 4096);
    bpf_map__set_max_entries(skel_->maps.conns, opts_.max_connections);
    bpf_map__set_max_entries(skel_->maps.data_heap, static_cast<uint32_t>(libbpf_num_possible_cpus()));
    for (auto& h : hooks_) {
      if (h.state == HookState::kFailed) bpf_program__set_autoload(find_program(skel_, h.program.c_str()), false);
    }

    int err = kotel_bpf__load(skel_);
    if (err == 0) break;
    std::string log = libbpf_last_lines(400);
    kotel_bpf__destroy(skel_);
    skel_ = nullptr;
    const HookSpec* optional = failed_optional_program(log);
    if (!optional) {
      throw core::FatalError("loading the BPF programs failed: " + errno_text(err),
                             "run 'kotel check' to see which kernel feature is missing; the verifier said:",
                             libbpf_last_lines(25));
    }
    for (auto& h : hooks_) {
      if (h.program == optional->program) {
        h.state = HookState::kFailed;
        h.reason = "the kernel refused the program (" + errno_text(err) + ")";
      }
    }
    spdlog::warn("optional hook {} failed to load; continuing without it", optional->hook);
  }

  fill_filter(skel_->maps.filter_pids, opts_.pids, kInclude);
  fill_filter(skel_->maps.filter_pids, opts_.exclude_pids, kExclude);
  fill_filter(skel_->maps.filter_ports, opts_.ports, kInclude);
  fill_filter(skel_->maps.filter_ports, opts_.exclude_ports, kExclude);
  fill_filter(skel_->maps.filter_cgroups, opts_.cgroup_ids, kInclude);
  fill_filter(skel_->maps.filter_cgroups, opts_.exclude_cgroup_ids, kExclude);
}

void BpfProbes::attach_all() {
  for (auto& h : hooks_) {
    if (h.state == HookState::kFailed) continue;
    bpf_program* prog = find_program(skel_, h.program.c_str());
    bpf_link* link = bpf_program__attach(prog);
    if (!link) {
      int err = errno;
      h.state = HookState::kFailed;
      h.reason = "attach failed: " + errno_text(err);
      if (h.required)
        throw core::FatalError("cannot attach " + h.hook + ": " + errno_text(err),
                               "run 'kotel check'; tracefs and raw tracepoints must be available");
      spdlog::warn("optional hook {} did not attach: {}", h.hook, errno_text(err));
      continue;
    }
    links_.push_back(link);
    h.state = HookState::kAttached;
  }
}

int BpfProbes::ringbuf_fd() const { return bpf_map__fd(skel_->maps.events_rb); }
int BpfProbes::perf_fd() const { return bpf_map__fd(skel_->maps.events_perf); }

KernelCounters BpfProbes::read_counters() const {
  KernelCounters out;
  int ncpu = libbpf_num_possible_cpus();
  std::vector<uint64_t> per_cpu(static_cast<size_t>(ncpu));
  for (uint32_t i = 0; i < kCounterCount; ++i) {
    if (bpf_map__lookup_elem(skel_->maps.counters, &i, sizeof(i), per_cpu.data(), per_cpu.size() * sizeof(uint64_t),
                             0) != 0)
      continue;
    for (uint64_t v : per_cpu) out.value[i] += v;
  }
  return out;
}

void BpfProbes::mute_payload(uint64_t gen) {
  uint8_t one = 1;
  bpf_map__update_elem(skel_->maps.payload_off, &gen, sizeof(gen), &one, sizeof(one), BPF_ANY);
}

void BpfProbes::forget_connection(uint32_t pid, int32_t fd) {
  kotel_conn_key key{pid, fd};
  bpf_map__delete_elem(skel_->maps.conns, &key, sizeof(key), 0);
}

}  // namespace kotel::probes
