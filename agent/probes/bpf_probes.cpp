#include "probes/bpf_probes.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <string>

#include "core/fatal_error.h"
#include "kotel.skel.h"
#include "probes/host_checks.h"
#include "probes/libbpf_log.h"
#include "probes/link_teardown.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel::probes {
namespace {

constexpr uint8_t kInclude = 1;  // KOTEL_FILTER_INCLUDE
constexpr uint8_t kExclude = 2;

// Which socket I/O alternative a program belongs to (kAuto: needed by both).
struct HookSpec {
  const char* program;
  const char* hook;
  const char* feature;
  bool required;
  IoHooks io_mode;
};

// The attach plan: every program, what it gives, whether the agent can do
// without it, and which socket I/O alternative it serves. Order is the order
// of the report.
constexpr HookSpec kHooks[] = {
    {"kotel_sock_send", "raw_tp/sock_send_length", "socket writes", true, IoHooks::kSocket},
    {"kotel_sock_recv", "raw_tp/sock_recv_length", "socket reads", true, IoHooks::kSocket},
    {"kotel_sys_exit", "raw_tp/sys_exit", "socket I/O, connect, accept, close (fallback)", true, IoHooks::kSyscall},
    {"kotel_sk_state", "tp/sock/inet_sock_set_state", "TCP states, roles, closes, failed connects", false,
     IoHooks::kAuto},
    {"kotel_proc_exec", "tp/sched/sched_process_exec", "process names", false, IoHooks::kAuto},
    {"kotel_proc_exit", "tp/sched/sched_process_exit", "process exit", false, IoHooks::kAuto},
    {"kotel_proc_fork", "raw_tp/sched_process_fork", "process and thread ancestry", false, IoHooks::kAuto},
    {"kotel_retrans", "tp/tcp/tcp_retransmit_skb", "TCP retransmit metrics", false, IoHooks::kAuto},
    {"kotel_rst_recv", "tp/tcp/tcp_receive_reset", "TCP resets received, refused connects", false,
     IoHooks::kAuto},
    {"kotel_rst_sent", "tp/tcp/tcp_send_reset", "TCP resets sent", false, IoHooks::kAuto},
    // Exits before entries: attached in this order, an exit never meets an
    // entry it did not see the stash of (see attach_logs).
    {"kotel_wr_exit", "tp/syscalls/sys_exit_write", "logs: what a write to stdout/stderr wrote", false,
     IoHooks::kAuto},
    {"kotel_wrv_exit", "tp/syscalls/sys_exit_writev", "logs: what a writev to stdout/stderr wrote", false,
     IoHooks::kAuto},
    {"kotel_wr_enter", "tp/syscalls/sys_enter_write", "logs: write to stdout/stderr", false, IoHooks::kAuto},
    {"kotel_wrv_enter", "tp/syscalls/sys_enter_writev", "logs: writev to stdout/stderr", false, IoHooks::kAuto},
};

// kotel_wr_enter/exit, kotel_wrv_enter/exit
bool is_log_program(const std::string& name) { return name.rfind("kotel_wr", 0) == 0; }

constexpr const char* kLogsOnDemand = "on demand: attached while `kotel tail logs` runs (--logs auto)";

const char* io_hooks_name(IoHooks m) { return m == IoHooks::kSocket ? "socket tracepoints" : "syscall exit"; }

// The socket tracepoints need the tracepoints themselves and bpf_task_pt_regs (5.15+).
// AT_EACCESS: plain access() checks the real uid without capabilities, so a
// non-root agent holding CAP_DAC_READ_SEARCH would not see 0700 tracefs and
// fall back to the slower syscall hooks (measured: tests/e2e/capabilities_test.sh).
bool socket_hooks_available() {
  auto exists = [](const char* p) { return faccessat(AT_FDCWD, p, F_OK, AT_EACCESS) == 0; };
  bool tp = exists("/sys/kernel/tracing/events/sock/sock_send_length/id") ||
            exists("/sys/kernel/debug/tracing/events/sock/sock_send_length/id");
  return tp && libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_FUNC_task_pt_regs, nullptr) == 1;
}

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

}  // namespace

BpfProbes::BpfProbes(const ProbeOptions& opts) : opts_(opts) {
  install_libbpf_logger();
  // Classic tracepoints are attached by the ids tracefs publishes.
  if (auto tracefs = ensure_tracefs(); !tracefs) spdlog::warn("{}", tracefs.error());
  for (const auto& h : kHooks) hooks_.push_back({h.program, h.hook, h.feature, h.required, HookState::kDisabled, ""});
  io_hooks_chosen_ = opts_.io_hooks == IoHooks::kAuto;
  if (io_hooks_chosen_) {
    opts_.io_hooks = socket_hooks_available() ? IoHooks::kSocket : IoHooks::kSyscall;
    if (opts_.io_hooks == IoHooks::kSyscall)
      spdlog::warn("this kernel lacks the sock_send_length/sock_recv_length tracepoints or bpf_task_pt_regs: "
                   "using the raw_tp/sys_exit fallback (higher overhead)");
  }
  try {
    open_and_load();
    attach_all();
  } catch (...) {
    destroy();
    throw;
  }
}

BpfProbes::~BpfProbes() { destroy(); }

void BpfProbes::destroy() {
  if (stats_fd_ >= 0) close(stats_fd_);
  stats_fd_ = -1;
  detach_logs();
  destroy_links(links_);  // detach first, then free the programs
  kotel_bpf__destroy(skel_);
  skel_ = nullptr;
}

void BpfProbes::open_and_load() {
  // Each failing optional program is switched off and the load retried, so a
  // kernel that refuses one hook still gets the others; socket tracepoints that
  // fail fall back to the syscall hook when the choice was automatic.
  for (size_t attempt = 0; attempt <= std::size(kHooks) + 1; ++attempt) {
    if (try_load()) break;
  }
  if (!skel_) throw core::FatalError("loading the BPF programs failed after every fallback", "run 'kotel check'");
  fill_filter(skel_->maps.filter_pids, opts_.pids, kInclude);
  fill_filter(skel_->maps.filter_pids, opts_.exclude_pids, kExclude);
  fill_filter(skel_->maps.filter_ports, opts_.ports, kInclude);
  fill_filter(skel_->maps.filter_ports, opts_.exclude_ports, kExclude);
  fill_filter(skel_->maps.filter_cgroups, opts_.cgroup_ids, kInclude);
  fill_filter(skel_->maps.filter_cgroups, opts_.exclude_cgroup_ids, kExclude);
  fill_filter(skel_->maps.tls_exclude_pids, opts_.tls_exclude_pids, kExclude);
  fill_filter(skel_->maps.logs_exclude_pids, opts_.logs_exclude_pids, kExclude);
}

bool BpfProbes::try_load() {
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
  ro->tls_capture = opts_.tls;
  for (bpf_program* p : tls_programs().all()) bpf_program__set_autoload(p, opts_.tls);
  auto user = user_probe_programs();
  for (bpf_program* p : {user.entry, user.ret, user.usdt}) bpf_program__set_autoload(p, opts_.user_probes);
  ro->log_payload_cap = std::min<uint32_t>(opts_.log_payload_bytes, KOTEL_LOG_PAYLOAD_MAX);

  bpf_map__set_max_entries(skel_->maps.events_rb, opts_.use_ringbuf ? opts_.ring_buffer_bytes : 4096);
  bpf_map__set_max_entries(skel_->maps.conns, opts_.max_connections);
  bpf_map__set_max_entries(skel_->maps.sock_owner, opts_.max_connections);
  bpf_map__set_max_entries(skel_->maps.data_heap, static_cast<uint32_t>(libbpf_num_possible_cpus()));
  for (size_t i = 0; i < std::size(kHooks); ++i) {
    auto& h = hooks_[i];
    bool other_mode = kHooks[i].io_mode != IoHooks::kAuto && kHooks[i].io_mode != opts_.io_hooks;
    if (h.state != HookState::kFailed) h.reason.clear();  // a fallback may have changed the plan
    if (other_mode && h.state != HookState::kFailed) {
      h.state = HookState::kDisabled;
      h.reason = std::string("not used: ") + io_hooks_name(opts_.io_hooks) + " chosen";
    }
    bool logs_off = is_log_program(h.program) && !opts_.logs && !opts_.logs_on_demand;
    if (logs_off) {
      h.state = HookState::kDisabled;
      h.reason = "not used: --logs off";
    } else if (is_log_program(h.program) && !opts_.logs && h.state != HookState::kFailed) {
      h.state = HookState::kDisabled;
      h.reason = kLogsOnDemand;  // loaded, attached by set_log_capture
    }
    if (other_mode || logs_off || h.state == HookState::kFailed)
      bpf_program__set_autoload(find_program(skel_, h.program.c_str()), false);
  }

  int err = kotel_bpf__load(skel_);
  if (err == 0) return true;
  std::string log = libbpf_last_lines(400);
  std::string verifier = libbpf_last_lines(25);
  kotel_bpf__destroy(skel_);
  skel_ = nullptr;
  const HookSpec* failed = nullptr;
  for (const auto& h : kHooks) {
    if (log.find(std::string("prog '") + h.program + "': failed to load") != std::string::npos) failed = &h;
  }
  bool can_fall_back =
      io_hooks_chosen_ && failed && failed->io_mode == IoHooks::kSocket && opts_.io_hooks == IoHooks::kSocket;
  if (!failed || (failed->required && !can_fall_back)) {
    throw core::FatalError("loading the BPF programs failed: " + errno_text(err),
                           "run 'kotel check' to see which kernel feature is missing; the verifier said:", verifier);
  }
  for (auto& h : hooks_) {
    if (h.program == failed->program) {
      h.state = HookState::kFailed;
      h.reason = "the kernel refused the program (" + errno_text(err) + ")";
    } else if (is_log_program(failed->program) && is_log_program(h.program)) {
      h.state = HookState::kFailed;  // entries stash for exits: log capture needs all four
      h.reason = std::string("not loaded: ") + failed->hook + " was refused, and log capture needs all four";
    }
  }
  if (can_fall_back) {
    spdlog::warn("{} failed to load; falling back to raw_tp/sys_exit", failed->hook);
    opts_.io_hooks = IoHooks::kSyscall;
  } else {
    spdlog::warn("optional hook {} failed to load; continuing without it", failed->hook);
  }
  return false;
}

std::vector<HookStatus> BpfProbes::attach_report() const {
  std::lock_guard lock(hooks_mu_);
  return hooks_;
}

void BpfProbes::attach_all() {
  for (auto& h : hooks_) {
    if (h.state == HookState::kFailed || !h.reason.empty()) continue;
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

core::Result<void> BpfProbes::set_log_capture(bool on) {
  if (!opts_.logs_on_demand) {
    if (on) return core::Error{"log capture is not on demand in this agent"};
    return {};
  }
  if (!on || !log_links_.empty()) {
    if (!on) detach_logs();
    return {};
  }
  auto attached = attach_logs();
  if (!attached) detach_logs();  // all or none
  return attached;
}

core::Result<void> BpfProbes::attach_logs() {
  std::lock_guard lock(hooks_mu_);
  for (const auto& h : hooks_)  // an entry without its exit would only stash
    if (is_log_program(h.program) && h.state == HookState::kFailed)
      return core::Error{h.hook + " did not load: " + h.reason};
  __atomic_add_fetch(&skel_->bss->log_attach_epoch, 1, __ATOMIC_RELEASE);
  for (auto& h : hooks_) {
    if (!is_log_program(h.program) || h.state == HookState::kFailed) continue;
    bpf_link* link = bpf_program__attach(find_program(skel_, h.program.c_str()));
    if (!link) return core::Error{h.hook + ": " + errno_text(errno)};
    log_links_.push_back(link);
    h.state = HookState::kAttached;
    h.reason.clear();
  }
  if (log_links_.empty()) return core::Error{"the kernel refused the log programs when they were loaded"};
  return {};
}

void BpfProbes::detach_logs() {
  if (log_links_.empty()) return;
  // Entries first, then exits. A call they stashed and never took stays in
  // its task; the epoch of the next attach keeps it from being taken.
  // log_links_ holds the exits first (attach order): the entries go first.
  size_t exits = std::count_if(kHooks, std::end(kHooks),
                               [](const HookSpec& h) { return std::string_view(h.program).ends_with("_exit") &&
                                                              is_log_program(h.program); });
  std::vector<bpf_link*> entries(log_links_.begin() + std::min(exits, log_links_.size()), log_links_.end());
  std::vector<bpf_link*> exit_links(log_links_.begin(), log_links_.begin() + std::min(exits, log_links_.size()));
  destroy_links(entries);
  destroy_links(exit_links);
  log_links_.clear();
  std::lock_guard lock(hooks_mu_);
  for (auto& h : hooks_) {
    if (!is_log_program(h.program) || h.state != HookState::kAttached) continue;
    h.state = HookState::kDisabled;
    h.reason = kLogsOnDemand;
  }
}

tls::TlsPrograms BpfProbes::tls_programs() const {
  return {skel_->progs.kotel_ssl_wr, skel_->progs.kotel_ssl_rd, skel_->progs.kotel_ssl_wr_ex,
          skel_->progs.kotel_ssl_rd_ex, skel_->progs.kotel_ssl_exit};
}

user::UserProbePrograms BpfProbes::user_probe_programs() const {
  return {skel_->progs.kotel_usr_entry, skel_->progs.kotel_usr_ret, skel_->progs.kotel_usr_usdt,
          skel_->maps.user_probe_specs, skel_->maps.user_probe_stats};
}

int BpfProbes::ringbuf_fd() const { return bpf_map__fd(skel_->maps.events_rb); }
int BpfProbes::perf_fd() const { return bpf_map__fd(skel_->maps.events_perf); }

bool BpfProbes::enable_run_stats() {
  if (stats_fd_ >= 0) return true;
  stats_fd_ = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (stats_fd_ < 0) spdlog::warn("BPF run-time statistics unavailable: {}", errno_text(-stats_fd_));
  return stats_fd_ >= 0;
}

std::vector<BpfProbes::ProgramStats> BpfProbes::program_stats() const {
  std::vector<ProgramStats> out;
  std::lock_guard lock(hooks_mu_);
  for (const auto& h : hooks_) {
    if (h.state != HookState::kAttached) continue;
    bpf_program* prog = find_program(skel_, h.program.c_str());
    if (!prog) continue;
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) != 0) continue;
    out.push_back({h.hook, info.run_cnt, info.run_time_ns});
  }
  return out;
}

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
  __atomic_add_fetch(&skel_->bss->payload_off_epoch, 1, __ATOMIC_RELEASE);  // connections re-check the map
}

void BpfProbes::forget_connection(uint32_t pid, int32_t fd) {
  kotel_conn_key key{pid, fd};
  bpf_map__delete_elem(skel_->maps.conns, &key, sizeof(key), 0);
}

}  // namespace kotel::probes
