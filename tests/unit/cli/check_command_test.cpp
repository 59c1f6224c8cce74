#include "cli/check_command.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/endpoint_check.h"
#include "probes/hook_checks.h"

namespace kotel::cli {
namespace {

using probes::CheckState;
using probes::HookState;
using probes::HostCheck;

TEST(CheckRender, OneLinePerCheckThenASummaryAndTheExitCode) {
  std::vector<HostCheck> ok{{"btf", CheckState::kPass, "/sys/kernel/btf/vmlinux"},
                            {"ring buffer", CheckState::kWarn, "perf buffer instead"},
                            {"exporter", CheckState::kSkip, "none configured"}};
  EXPECT_EQ(render_checks(ok),
            "ok   btf           /sys/kernel/btf/vmlinux\n"
            "warn ring buffer   perf buffer instead\n"
            "skip exporter      none configured\n"
            "ok   summary       this host can run kotel (1 warning: a feature less each)\n");
  EXPECT_EQ(checks_exit_code(ok), 0);
  auto bad = ok;
  bad.push_back({"privileges", CheckState::kFail, "missing capability CAP_BPF"});
  EXPECT_NE(render_checks(bad).find("FAIL privileges    missing capability CAP_BPF\n"
                                    "FAIL summary       1 check failed: fix the FAIL lines above"),
            std::string::npos)
      << render_checks(bad);
  EXPECT_EQ(checks_exit_code(bad), 1);
}

TEST(CheckRender, JsonHasEveryCheckAndTheVerdict) {
  std::vector<HostCheck> c{{"btf", CheckState::kPass, "x"}, {"tracefs", CheckState::kFail, "not mounted"}};
  auto j = checks_json(c);
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_EQ(j["checks"].size(), 2u);
  EXPECT_EQ(j["checks"][1]["name"], "tracefs");
  EXPECT_EQ(j["checks"][1]["status"], "fail");
  EXPECT_EQ(j["checks"][1]["detail"], "not mounted");
  EXPECT_EQ(j["checks"][0]["status"], "ok");
  EXPECT_TRUE(checks_json({c[0]})["ok"].get<bool>());
}

TEST(CheckOptions, ParsesOutputEndpointAndRejectsBadValues) {
  CLI::App app;
  CheckOptions o;
  add_check_options(app.add_subcommand("check"), o);
  app.parse("check -o json --otlp-endpoint http://127.0.0.1:4318 --connect-timeout-ms 200", false);
  EXPECT_EQ(o.output, "json");
  EXPECT_EQ(o.otlp_endpoint, "http://127.0.0.1:4318");
  EXPECT_EQ(o.connect_timeout_ms, 200u);
  CLI::App bad;
  CheckOptions o2;
  add_check_options(bad.add_subcommand("check"), o2);
  EXPECT_THROW(bad.parse("check -o yaml", false), CLI::ValidationError);
}

TEST(PrivilegesCheck, NamesWhatIsMissingAndWhatItCosts) {
  probes::Privileges none;
  HostCheck c = probes::privileges_check(none);
  EXPECT_EQ(c.state, CheckState::kFail);
  EXPECT_NE(c.detail.find("missing capability CAP_BPF"), std::string::npos) << c.detail;
  EXPECT_NE(c.detail.find("CAP_PERFMON"), std::string::npos);
  EXPECT_NE(c.detail.find("CAP_DAC_READ_SEARCH"), std::string::npos);  // not root: tracefs is 0700

  probes::Privileges unit{false, true, true, false, true, false};  // the systemd unit without CAP_SYS_PTRACE
  c = probes::privileges_check(unit);
  EXPECT_EQ(c.state, CheckState::kWarn);
  EXPECT_NE(c.detail.find("missing CAP_SYS_PTRACE"), std::string::npos) << c.detail;

  probes::Privileges root_no_dac{true, true, true, true, false, false};  // root owns tracefs
  EXPECT_EQ(probes::privileges_check(root_no_dac).state, CheckState::kPass);

  probes::Privileges admin{true, false, false, true, true, true};  // CAP_SYS_ADMIN covers BPF and PERFMON
  c = probes::privileges_check(admin);
  EXPECT_EQ(c.state, CheckState::kPass);
  EXPECT_NE(c.detail.find("root with CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_SYS_ADMIN"),
            std::string::npos)
      << c.detail;
}

probes::HookStatus hook(const char* name, HookState state, const char* reason = "") {
  return {"prog", name, "feature", false, state, reason};
}

probes::LoadOutcome loaded(std::vector<probes::HookStatus> hooks) { return {true, "", std::move(hooks)}; }

std::vector<probes::HookStatus> all_optional(HookState sched_state) {
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
  auto lines = probes::hook_family_checks(loaded(sock_hooks), loaded(sys_hooks));
  EXPECT_EQ(line(lines, "socket hooks").state, CheckState::kPass);
  EXPECT_EQ(line(lines, "syscall hooks").state, CheckState::kPass);
  EXPECT_EQ(line(lines, "tcp signals").state, CheckState::kPass);
  EXPECT_EQ(line(lines, "sock state").state, CheckState::kPass);
  const HostCheck& sched = line(lines, "sched");  // optional families come from the syscall load
  EXPECT_EQ(sched.state, CheckState::kWarn);
  EXPECT_NE(sched.detail.find("tp/sched/sched_process_exit FAILED: the kernel refused"), std::string::npos) << sched.detail;
  EXPECT_NE(sched.detail.find("no process names"), std::string::npos);

  // No socket tracepoints: a warning while the fallback works, a failure when neither does.
  probes::LoadOutcome refused{false, "loading the BPF programs failed: Invalid argument", {}};
  lines = probes::hook_family_checks(refused, loaded(sys_hooks));
  EXPECT_EQ(line(lines, "socket hooks").state, CheckState::kWarn);
  EXPECT_NE(line(lines, "socket hooks").detail.find("falls back to raw_tp/sys_exit"), std::string::npos);
  lines = probes::hook_family_checks(refused, refused);
  EXPECT_EQ(line(lines, "socket hooks").state, CheckState::kFail);
  EXPECT_EQ(line(lines, "syscall hooks").state, CheckState::kFail);
  EXPECT_EQ(line(lines, "sched").state, CheckState::kWarn);
}

// A loopback port with a listener, and one that was just closed.
struct Ports {
  int listener = -1;
  uint16_t open = 0, closed = 0;
  Ports() {
    auto bound = [](int fd) {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
      socklen_t len = sizeof a;
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
      return ntohs(a.sin_port);
    };
    listener = socket(AF_INET, SOCK_STREAM, 0);
    open = bound(listener);
    listen(listener, 4);
    int gone = socket(AF_INET, SOCK_STREAM, 0);
    closed = bound(gone);
    close(gone);
  }
  ~Ports() { close(listener); }
};

TEST(ExporterCheck, ConnectsToAListeningPortAndNamesARefusedOne) {
  Ports p;
  EXPECT_EQ(tcp_connect_problem("127.0.0.1", p.open, std::chrono::milliseconds(500)), "");
  EXPECT_EQ(tcp_connect_problem("127.0.0.1", p.closed, std::chrono::milliseconds(500)), "Connection refused");
  EXPECT_NE(tcp_connect_problem("no-such-host.invalid", 80, std::chrono::milliseconds(500)).find("cannot resolve"),
            std::string::npos);

  config::OtlpConfig cfg;
  auto none = exporter_checks(cfg, std::chrono::milliseconds(500));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].state, CheckState::kSkip);
  cfg.traces.otlp = cfg.metrics.otlp = true;
  cfg.traces.url = cfg.metrics.url = {false, "127.0.0.1", p.open, "/"};
  auto same = exporter_checks(cfg, std::chrono::milliseconds(500));
  ASSERT_EQ(same.size(), 1u);  // one line per endpoint, naming both signals
  EXPECT_EQ(same[0].state, CheckState::kPass);
  EXPECT_EQ(same[0].detail, "traces+metrics to 127.0.0.1:" + std::to_string(p.open) + " (http/protobuf): reachable");
  cfg.metrics.url.port = p.closed;
  auto two = exporter_checks(cfg, std::chrono::milliseconds(500));
  ASSERT_EQ(two.size(), 2u);
  int failed = 0;
  for (const auto& c : two) {
    if (!c.failed()) continue;
    ++failed;
    EXPECT_NE(c.detail.find("metrics to"), std::string::npos);
    EXPECT_NE(c.detail.find("metrics to 127.0.0.1:" + std::to_string(p.closed) + " (http/protobuf): cannot connect (Connection refused)"),
              std::string::npos)
        << c.detail;
  }
  EXPECT_EQ(failed, 1);
}

}  // namespace
}  // namespace kotel::cli
