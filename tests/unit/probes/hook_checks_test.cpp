// `kotel check`'s hook lines from two attach reports (pure: no BPF loaded).
#include "probes/hook_checks.h"

#include <gtest/gtest.h>

namespace kotel::probes {
namespace {

HookStatus hook(const char* name, HookState state, const char* reason = "") {
  return {"prog", name, "feature", false, state, reason};
}

LoadOutcome loaded(std::vector<HookStatus> hooks) {
  return {true, "", std::move(hooks)};
}

std::vector<HookStatus> all_optional(HookState sched_state) {
  return {hook("tp/sock/inet_sock_set_state", HookState::kAttached),
          hook("tp/tcp/tcp_retransmit_skb", HookState::kAttached),
          hook("tp/tcp/tcp_receive_reset", HookState::kAttached),
          hook("tp/tcp/tcp_send_reset", HookState::kAttached),
          hook("tp/sched/sched_process_exec", HookState::kAttached),
          hook("tp/sched/sched_process_exit", sched_state, "the kernel refused the program (Permission denied)"),
          hook("raw_tp/sched_process_fork", HookState::kAttached)};
}

const HostCheck& line(const std::vector<HostCheck>& v, const std::string& name) {
  for (const auto& c : v)
    if (c.name == name) return c;
  static HostCheck none{"none", CheckState::kFail, "no such line"};
  return none;
}

TEST(HookFamilyChecks, EachFamilyPassesWarnsOrFails) {
  auto sock_hooks = all_optional(HookState::kAttached);
  sock_hooks.push_back(hook("raw_tp/sock_send_length", HookState::kAttached));
  sock_hooks.push_back(hook("raw_tp/sock_recv_length", HookState::kAttached));
  auto sys_hooks = all_optional(HookState::kFailed);
  sys_hooks.push_back(hook("raw_tp/sys_exit", HookState::kAttached));
  auto lines = hook_family_checks(loaded(sock_hooks), loaded(sys_hooks));
  EXPECT_EQ(line(lines, "socket hooks").state, CheckState::kPass);
  EXPECT_EQ(line(lines, "syscall hooks").state, CheckState::kPass);
  EXPECT_EQ(line(lines, "tcp signals").state, CheckState::kPass);
  EXPECT_EQ(line(lines, "sock state").state, CheckState::kPass);
  const HostCheck& sched = line(lines, "sched");  // optional families come from the syscall load
  EXPECT_EQ(sched.state, CheckState::kWarn);
  EXPECT_NE(sched.detail.find("tp/sched/sched_process_exit FAILED: the kernel refused"), std::string::npos)
      << sched.detail;
  EXPECT_NE(sched.detail.find("no process names"), std::string::npos);

  // No socket tracepoints: a warning while the fallback works, a failure when neither does.
  LoadOutcome refused{false, "loading the BPF programs failed: Invalid argument", {}};
  lines = hook_family_checks(refused, loaded(sys_hooks));
  EXPECT_EQ(line(lines, "socket hooks").state, CheckState::kWarn);
  EXPECT_NE(line(lines, "socket hooks").detail.find("falls back to raw_tp/sys_exit"), std::string::npos);
  lines = hook_family_checks(refused, refused);
  EXPECT_EQ(line(lines, "socket hooks").state, CheckState::kFail);
  EXPECT_EQ(line(lines, "syscall hooks").state, CheckState::kFail);
  EXPECT_EQ(line(lines, "sched").state, CheckState::kWarn);
}

}  // namespace
}  // namespace kotel::probes
