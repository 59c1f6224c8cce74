#include "cli/parse_errors.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/fatal_error.h"

namespace kotel::cli {
namespace {

bool on_command_line(std::string_view flag, int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == flag || (a.size() > flag.size() && a.substr(0, flag.size()) == flag && a[flag.size()] == '=')) return true;
  }
  return false;
}

// " (from KOTEL_X)" when the option the message names was set by its variable
// (not its value: some carry credentials).
std::string env_origin(const CLI::App& app, const std::string& message, int argc, const char* const* argv) {
  for (const CLI::App* sub : app.get_subcommands({})) {
    for (const CLI::Option* opt : sub->get_options()) {
      const std::string& env = opt->get_envname();
      if (env.empty()) continue;
      for (const std::string& flag : opt->get_lnames()) {
        std::string long_flag = "--" + flag;
        if (message.find(long_flag) == std::string::npos || on_command_line(long_flag, argc, argv)) continue;
        if (std::getenv(env.c_str())) return " (from the environment variable " + env + ")";
      }
    }
  }
  return {};
}

}  // namespace

int report_parse_error(const CLI::App& app, const CLI::ParseError& e, int argc, const char* const* argv) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help
  std::string message = e.what();
  std::fprintf(stderr, "kotel: configuration error: %s%s\nRun with --help for more information.\n", message.c_str(),
               env_origin(app, message, argc, argv).c_str());
  return core::kExitConfigError;
}

}  // namespace kotel::cli
