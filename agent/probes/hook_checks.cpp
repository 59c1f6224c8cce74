#include "probes/hook_checks.h"

#include <bpf/libbpf.h>
#include <unistd.h>

#include <filesystem>
#include <initializer_list>
#include <string>

#include "core/fatal_error.h"
#include "discovery/proc_pids.h"
#include "probes/bpf_probes.h"
#include "probes/tls/mapped_libraries.h"
#include "probes/tls/tls_attacher.h"

namespace kotel::probes {
namespace {

struct Family {
  const char* name;
  std::initializer_list<const char*> hooks;
  const char* without;  // what the agent loses without it
};

// The optional families, as bpf_probes.cpp's attach plan names their hooks.
const Family kOptional[] = {
    {"sock state", {"tp/sock/inet_sock_set_state"}, "no TCP states, roles from the handshake or failed connects"},
    {"tcp signals",
     {"tp/tcp/tcp_retransmit_skb", "tp/tcp/tcp_receive_reset", "tp/tcp/tcp_send_reset"},
     "no retransmit and reset metrics"},
    {"sched",
     {"tp/sched/sched_process_exec", "tp/sched/sched_process_exit", "raw_tp/sched_process_fork"},
     "no process names, exits or thread ancestry"},
};
const Family kSocket{"socket hooks", {"raw_tp/sock_send_length", "raw_tp/sock_recv_length"}, ""};
const Family kSyscall{"syscall hooks", {"raw_tp/sys_exit"}, ""};

const HookStatus* find_hook(const std::vector<HookStatus>& hooks, const char* name) {
  for (const auto& h : hooks)
    if (h.hook == name) return &h;
  return nullptr;
}

// "" when every hook of the family attached, else the first that did not, and why.
std::string family_problem(const Family& f, const LoadOutcome& load) {
  if (!load.loaded) return load.error;
  for (const char* name : f.hooks) {
    const HookStatus* h = find_hook(load.hooks, name);
    if (!h) return std::string(name) + " is not in the attach plan";
    if (h->state != HookState::kAttached)
      return std::string(name) + " " + to_string(h->state) + (h->reason.empty() ? "" : ": " + h->reason);
  }
  return {};
}

std::string hook_list(const Family& f) {
  std::string out;
  for (const char* h : f.hooks) out += (out.empty() ? "" : ", ") + std::string(h);
  return out;
}

LoadOutcome load_with(IoHooks io, bool tls, std::vector<HostCheck>* tls_line) {
  LoadOutcome out;
  try {
    ProbeOptions opts;
    opts.io_hooks = io;
    opts.agent_tgid = static_cast<uint32_t>(getpid());
    opts.use_ringbuf = kernel_has_ringbuf();
    opts.ring_buffer_bytes = 1 << 16;
    opts.tls = tls;
    BpfProbes loaded(opts);
    out.loaded = true;
    out.hooks = loaded.attach_report();
    if (tls_line) {
      // Attach the uprobes to the host's libssl (or one some process maps), then let go.
      std::string lib;
      for (const char* p : {"/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/aarch64-linux-gnu/libssl.so.3",
                            "/usr/lib64/libssl.so.3", "/usr/lib/libssl.so.3"})
        if (lib.empty() && std::filesystem::exists(p)) lib = p;
      for (uint32_t pid : lib.empty() ? discovery::all_pids() : std::vector<uint32_t>{}) {
        auto libs = tls::libssl_of_process(pid);
        if (!libs.empty()) {
          lib = "/proc/" + std::to_string(pid) + "/root" + libs.front().path;
          break;
        }
      }
      if (lib.empty()) {
        tls_line->push_back({"tls uprobes", CheckState::kSkip,
                             "no libssl on this host to attach to: HTTPS plaintext is captured once a process maps one"});
      } else {
        std::vector<bpf_link*> links;
        std::string err = tls::attach_openssl_probes(loaded.tls_programs(), lib, &links);
        for (bpf_link* l : links) bpf_link__destroy(l);
        if (err.empty())
          tls_line->push_back({"tls uprobes", CheckState::kPass, "SSL_read/SSL_write uprobes attached to " + lib});
        else
          tls_line->push_back({"tls uprobes", CheckState::kWarn,
                               err + (current_privileges().sys_admin ? "" : ": missing capability CAP_SYS_ADMIN") +
                                   ": HTTPS is seen as ciphertext only"});
      }
    }
  } catch (const core::FatalError& e) {
    out.error = std::string(e.what()) + (e.details().empty() ? "" : " (" + e.details() + ")");
    while (!out.error.empty() && (out.error.back() == '\n' || out.error.back() == ' ')) out.error.pop_back();
    if (tls_line) tls_line->push_back({"tls uprobes", CheckState::kSkip, "not tried: the programs did not load"});
  }
  return out;
}

}  // namespace

std::vector<HostCheck> hook_family_checks(const LoadOutcome& socket_load, const LoadOutcome& syscall_load) {
  std::vector<HostCheck> out;
  std::string sock = family_problem(kSocket, socket_load), sys = family_problem(kSyscall, syscall_load);
  // Socket I/O needs one of the two alternatives; the agent picks the socket hooks when they work.
  if (sock.empty()) out.push_back({kSocket.name, CheckState::kPass, hook_list(kSocket) + " attached"});
  else
    out.push_back({kSocket.name, sys.empty() ? CheckState::kWarn : CheckState::kFail,
                   sock + (sys.empty() ? ": the agent falls back to raw_tp/sys_exit (higher overhead)"
                                       : ": and the fallback failed too: kotel cannot see socket I/O")});
  if (sys.empty()) out.push_back({kSyscall.name, CheckState::kPass, hook_list(kSyscall) + " attached (fallback)"});
  else
    out.push_back({kSyscall.name, sock.empty() ? CheckState::kWarn : CheckState::kFail,
                   sys + (sock.empty() ? ": not needed while the socket hooks work" : "")});
  const LoadOutcome& any = syscall_load.loaded ? syscall_load : socket_load;
  for (const Family& f : kOptional) {
    std::string problem = family_problem(f, any);
    if (problem.empty()) out.push_back({f.name, CheckState::kPass, hook_list(f) + " attached"});
    else out.push_back({f.name, CheckState::kWarn, problem + ": " + f.without});
  }
  return out;
}

std::vector<HostCheck> run_hook_checks() {
  LoadOutcome socket_load = load_with(IoHooks::kSocket, false, nullptr);
  std::vector<HostCheck> tls_line;
  LoadOutcome syscall_load = load_with(IoHooks::kSyscall, true, &tls_line);
  std::vector<HostCheck> out = hook_family_checks(socket_load, syscall_load);
  out.insert(out.end(), tls_line.begin(), tls_line.end());
  return out;
}

}  // namespace kotel::probes
