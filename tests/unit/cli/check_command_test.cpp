// `kotel check`'s output: one line per check, the summary, JSON, the exit
// code, and its flags.
#include "cli/check_command.h"

#include <gtest/gtest.h>

namespace kotel::cli {
namespace {

using probes::CheckState;
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

}  // namespace
}  // namespace kotel::cli
