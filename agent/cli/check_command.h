#pragma once
// `kotel check`: can this host run kotel? One line per requirement (pass,
// warn, fail or skip, with what to do); works without a running agent.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "probes/host_checks.h"

namespace kotel::cli {

struct CheckOptions {
  std::string output = "table";  // table | json
  std::string otlp_endpoint, otlp_protocol;
  uint32_t connect_timeout_ms = 1000;
};

// Adds the flags and the help text to the `check` subcommand.
void add_check_options(CLI::App* check, CheckOptions& opts);

// Pure: the lines people read, ending with a summary; and the same as JSON.
std::string render_checks(const std::vector<probes::HostCheck>& checks);
nlohmann::json checks_json(const std::vector<probes::HostCheck>& checks);
// 0 when no check failed, else 1.
int checks_exit_code(const std::vector<probes::HostCheck>& checks);

// Runs every check (loads the real probes to prove they work) and prints them.
int run_check(const CheckOptions& opts);

}  // namespace kotel::cli
