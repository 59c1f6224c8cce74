#pragma once
// Command-line parse errors as kotel reports every configuration error:
// "kotel: configuration error: ..." and exit 2 (CLI11's own codes, 104-114,
// mean nothing to a user or a unit file), naming the KOTEL_* variable when
// the bad value came from the environment rather than a flag.

#include <CLI/CLI.hpp>

namespace kotel::cli {

// Prints the error (or the help a --help asked for) and returns the exit code.
int report_parse_error(const CLI::App& app, const CLI::ParseError& e, int argc, const char* const* argv);

}  // namespace kotel::cli
