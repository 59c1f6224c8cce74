#include "cli/check_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "config/otel_env.h"
#include "cli/endpoint_check.h"
#include "probes/hook_checks.h"

namespace kotel::cli {
namespace {

using probes::CheckState;
using probes::HostCheck;

// Loading BPF needs what these three checks establish: without them each
// hook line would only repeat the same failure.
bool can_load(const std::vector<HostCheck>& host) {
  for (const auto& c : host)
    if ((c.name == "privileges" || c.name == "btf" || c.name == "tracefs") && c.failed()) return false;
  return true;
}

std::vector<HostCheck> exporter_lines(const CheckOptions& o) {
  config::Config cfg;
  cfg.otlp_endpoint = o.otlp_endpoint;
  cfg.otlp_protocol = o.otlp_protocol;
  auto otlp = config::otlp_config_from_env(config::otel_env(cfg));
  if (!otlp) return {{"exporter", CheckState::kFail, otlp.error()}};
  return exporter_checks(otlp.value(), std::chrono::milliseconds(o.connect_timeout_ms));
}

}  // namespace

void add_check_options(CLI::App* check, CheckOptions& o) {
  check->add_option("-o,--output", o.output, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
  check->add_option("--otlp-endpoint", o.otlp_endpoint,
                    "Check this OTLP endpoint (instead of OTEL_EXPORTER_OTLP_ENDPOINT)");
  check->add_option("--otlp-protocol", o.otlp_protocol, "grpc or http/protobuf (instead of OTEL_EXPORTER_OTLP_PROTOCOL)");
  check->add_option("--connect-timeout-ms", o.connect_timeout_ms, "How long the exporter check waits (default 1000)")
      ->check(CLI::Range(1u, 60000u));
  check->footer(
      "Checks: kernel, privileges (root or CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE), BTF,\n"
      "tracefs (mounted if missing), cgroup v2, ring buffer, --bpf-stats (CAP_SYS_ADMIN), each hook family\n"
      "loaded and attached (socket, syscall fallback, sock state, tcp signals, sched, TLS uprobes), and a TCP\n"
      "connect to each configured OTLP endpoint. Exit code 1 when a check FAILs (warn: a feature less).\n"
      "Examples:\n"
      "  sudo kotel check\n"
      "  sudo kotel check --otlp-endpoint http://collector:4318\n"
      "  sudo OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 OTEL_EXPORTER_OTLP_PROTOCOL=grpc kotel check -o json");
}

std::string render_checks(const std::vector<HostCheck>& checks) {
  std::string out;
  size_t failed = 0, warned = 0;
  for (const auto& c : checks) {
    out += fmt::format("{:<4} {:<13} {}\n", probes::to_string(c.state), c.name, c.detail);
    failed += c.failed();
    warned += c.state == CheckState::kWarn;
  }
  std::string warn_note = warned ? fmt::format(" ({} warning{}: a feature less each)", warned, warned > 1 ? "s" : "") : "";
  if (failed)
    out += fmt::format("FAIL {:<13} {} check{} failed: fix the FAIL lines above{}\n", "summary", failed,
                       failed > 1 ? "s" : "", warn_note);
  else out += fmt::format("ok   {:<13} this host can run kotel{}\n", "summary", warn_note);
  return out;
}

nlohmann::json checks_json(const std::vector<HostCheck>& checks) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : checks)
    list.push_back({{"name", c.name}, {"status", c.state == CheckState::kFail ? "fail" : probes::to_string(c.state)},
                    {"detail", c.detail}});
  return {{"ok", checks_exit_code(checks) == 0}, {"checks", std::move(list)}};
}

int checks_exit_code(const std::vector<HostCheck>& checks) {
  for (const auto& c : checks)
    if (c.failed()) return 1;
  return 0;
}

int run_check(const CheckOptions& o) {
  std::vector<HostCheck> checks = probes::run_host_checks();
  if (can_load(checks)) {
    auto hooks = probes::run_hook_checks();
    checks.insert(checks.end(), hooks.begin(), hooks.end());
  } else {
    checks.push_back({"hooks", CheckState::kSkip, "not loaded: needs the privileges, btf and tracefs checks to pass"});
  }
  auto exporters = exporter_lines(o);
  checks.insert(checks.end(), exporters.begin(), exporters.end());
  if (o.output == "json") std::cout << checks_json(checks).dump(2) << "\n";
  else std::cout << render_checks(checks);
  return checks_exit_code(checks);
}

}  // namespace kotel::cli
