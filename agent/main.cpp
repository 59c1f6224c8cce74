// kotel: one binary for the agent and for the commands that inspect a host.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/admin_commands.h"
#include "cli/agent_command.h"
#include "cli/agent_options.h"
#include "cli/check_command.h"
#include "cli/parse_errors.h"
#include "core/fatal_error.h"
#include "core/version.h"

namespace {

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("kotel");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kotel: eBPF observability agent. Watches every TCP conversation on this host from the kernel.\n",
               "kotel"};  // the name in "Usage:", not argv[0]
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  sudo kotel agent                       # print one line per finished TCP connection\n"
      "  sudo kotel agent --print events        # every connect/accept/read/write/close with payload\n"
      "  sudo kotel agent --port 8080 --print events\n"
      "  sudo kotel check                       # can this host run kotel? (-o json, exit 1 on a FAIL)\n"
      "  sudo kotel status                      # what a running agent sees (also: probes, conns, top, tail, explain)\n"
      "  sudo kotel tail events --pid 1234      # a running agent's kernel events for one process\n");

  auto* agent = app.add_subcommand("agent", "Run the agent: load the BPF probes and stream what they see");
  kotel::cli::AgentOptions agent_options(*agent);
  auto* version = app.add_subcommand("version", "Print the version");
  auto* check = app.add_subcommand("check", "Check that this host can run kotel (works without a running agent)");
  kotel::cli::CheckOptions check_options;
  kotel::cli::add_check_options(check, check_options);
  kotel::cli::InspectCommands inspect(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return kotel::cli::report_parse_error(app, e, argc, argv);
  }

  try {
    if (version->parsed()) {
      std::printf("kotel %s (%s)\n", kotel::core::kVersion, kotel::core::kGitRevision);
      return 0;
    }
    if (auto code = inspect.run()) return *code;
    if (check->parsed()) {
      setup_logging("warn");
      return kotel::cli::run_check(check_options);
    }
    auto cfg = agent_options.resolve();
    if (!cfg) throw kotel::core::ConfigError(cfg.error());
    setup_logging(cfg->log_level);
    return kotel::cli::run_agent(cfg.value());
  } catch (const kotel::core::ConfigError& e) {
    std::fprintf(stderr, "kotel: configuration error: %s\n", e.what());
    return kotel::core::kExitConfigError;
  } catch (const kotel::core::FatalError& e) {
    std::fprintf(stderr, "kotel: %s\n  what to do: %s\n", e.what(), e.hint().c_str());
    if (!e.details().empty()) std::fprintf(stderr, "%s", e.details().c_str());
    return kotel::core::kExitFatalError;
  }
}
