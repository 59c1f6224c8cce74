#include "config/config_file.h"

#include <gtest/gtest.h>

namespace kotel::config {
namespace {

TEST(ConfigFile, EveryKeyApplies) {
  auto c = apply_config_text(
      "log-level: debug\nprint: events\ntransport: perf\npid: [1, 2]\nexclude-pid: [3]\nport: [80]\n"
      "exclude-port: [22]\ncgroup: [/a]\nexclude-cgroup: [/b]\npayload-bytes: 512\nring-buffer-bytes: 65536\n"
      "perf-buffer-pages: 8\nwakeup-bytes: 1024\npoll-interval-ms: 5\nmax-connections: 100\n"
      "conn-idle-timeout-s: 60\nstats-interval-s: 10\n",
      "test.yaml", Config{});
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->log_level, "debug");
  EXPECT_EQ(c->print, PrintMode::kEvents);
  EXPECT_EQ(c->transport, Transport::kPerfBuffer);
  EXPECT_EQ(c->pids, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(c->exclude_ports, (std::vector<uint16_t>{22}));
  EXPECT_EQ(c->cgroups, (std::vector<std::string>{"/a"}));
  EXPECT_EQ(c->payload_bytes, 512u);
  EXPECT_EQ(c->ring_buffer_bytes, 65536u);
  EXPECT_EQ(c->max_connections, 100u);
  EXPECT_EQ(c->stats_interval_s, 10u);
}

TEST(ConfigFile, SamplingRatiosByService) {
  auto c = apply_config_text("sampling:\n  checkout: 0.5\n  noisy: 0\n", "s.yaml", Config{});
  ASSERT_TRUE(c.ok()) << c.error();
  ASSERT_EQ(c->sampling_by_service.size(), 2u);
  EXPECT_EQ(c->sampling_by_service[0], (std::pair<std::string, double>{"checkout", 0.5}));
  auto bad = apply_config_text("sampling:\n  checkout: 2\n", "s.yaml", Config{});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("a ratio is 0..1"), std::string::npos) << bad.error();
  EXPECT_FALSE(apply_config_text("sampling: [a]\n", "s.yaml", Config{}).ok());
}

TEST(ConfigFile, SdkProcessesChoice) {
  EXPECT_EQ(Config{}.sdk_processes, SdkSpans::kSkip);
  auto c = apply_config_text("sdk-processes: keep\n", "s.yaml", Config{});
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->sdk_processes, SdkSpans::kKeep);
  auto bad = apply_config_text("sdk-processes: drop\n", "s.yaml", Config{});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("not an sdk-processes choice (skip-spans, keep)"), std::string::npos) << bad.error();
}

TEST(ConfigFile, EmptyFileKeepsDefaults) {
  auto c = apply_config_text("", "empty.yaml", Config{});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->payload_bytes, Config{}.payload_bytes);
}

struct BadCase {
  const char* yaml;
  const char* expected_message;
};

class ConfigErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigErrors, NameWhatIsWrong) {
  auto c = apply_config_text(GetParam().yaml, "k.yaml", Config{});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().find(GetParam().expected_message), std::string::npos) << c.error();
  EXPECT_EQ(c.error().rfind("k.yaml", 0), 0u) << "errors start with the file name";
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigErrors,
    ::testing::Values(BadCase{"payload_bytes: 5", "unknown key 'payload_bytes'"},
                      BadCase{"payload-bytes: many", "bad value for 'payload-bytes'"},
                      BadCase{"payload-bytes: -1", "bad value for 'payload-bytes'"},
                      BadCase{"payload-bytes: 20000", "payload-bytes must be at most 16384"},
                      BadCase{"ring-buffer-bytes: 5000", "power of two"},
                      BadCase{"port: 80", "bad value for 'port'"},
                      BadCase{"port: [70000]", "bad value for 'port'"},
                      BadCase{"print: loud", "not a print mode"},
                      BadCase{"transport: smoke", "not a transport"},
                      BadCase{"log-level: chatty", "log-level 'chatty'"},
                      BadCase{"- a\n- b", "expected a mapping"},
                      BadCase{"a: [", "not valid YAML"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return "case" + std::to_string(info.index); });

}  // namespace
}  // namespace kotel::config
