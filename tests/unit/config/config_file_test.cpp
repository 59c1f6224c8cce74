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

TEST(ConfigFile, UserProbes) {
  auto c = apply_config_text(
      "probes:\n"
      "  - name: price\n    binary: /usr/bin/shop\n    function: compute_price\n    max-per-second: 50\n"
      "    args: [{position: 0, name: item.id, type: int}, {position: 1, name: sku, type: string}]\n"
      "  - name: point\n    binary: /usr/lib/libx.so\n    usdt: prov:name\n    span: false\n",
      "p.yaml", Config{});
  ASSERT_TRUE(c.ok()) << c.error();
  ASSERT_EQ(c->user_probes.size(), 2u);
  const auto& p = c->user_probes[0];
  EXPECT_EQ(p.name, "price");
  EXPECT_EQ(p.function, "compute_price");
  EXPECT_EQ(p.max_per_second, 50u);
  ASSERT_EQ(p.args.size(), 2u);
  EXPECT_EQ(p.args[1].name, "sku");
  EXPECT_TRUE(p.args[1].text);
  EXPECT_FALSE(p.args[0].text);
  EXPECT_EQ(c->user_probes[1].usdt, "prov:name");
  EXPECT_FALSE(c->user_probes[1].span);
  EXPECT_EQ(c->user_probes[1].max_per_second, 1000u);  // the default
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
                      BadCase{"a: [", "not valid YAML"},
                      BadCase{"probes: {a: 1}", "probes is a list"},
                      BadCase{"probes: [{binary: /bin/x, function: f}]", "a probe needs a name"},
                      BadCase{"probes: [{name: p, binary: bin/x, function: f}]", "probe 'p': binary must be an absolute path"},
                      BadCase{"probes: [{name: p, binary: /bin/x}]", "probe 'p': give exactly one of function and usdt"},
                      BadCase{"probes: [{name: p, binary: /bin/x, usdt: nocolon}]", "usdt is 'provider:name'"},
                      BadCase{"probes: [{name: p, binary: /bin/x, function: f, args: [{position: 6, name: a}]}]",
                              "argument position 6 is past the 6 register arguments a function has"},
                      BadCase{"probes: [{name: p, binary: /bin/x, function: f, args: [{position: 0, name: a, type: float}]}]",
                              "argument type 'float' is neither int nor string"},
                      BadCase{"probes: [{name: p, binary: /bin/x, function: f, colour: red}]", "probe 'p': unknown key 'colour'"},
                      BadCase{"probes: [{name: p, binary: /bin/x, function: f}, {name: p, binary: /bin/y, function: g}]",
                              "probe name 'p' twice"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return "case" + std::to_string(info.index); });

}  // namespace
}  // namespace kotel::config
