#pragma once
// `kotel top`: the agent's per-service frames, redrawn in place (plain ANSI),
// sort keys switched with a key press, `q` quits.

#include "cli/admin_commands.h"

namespace kotel::cli {

int run_top(const InspectOptions& opts);
// The sort key a key press selects, or "" for none.
std::string top_sort_for_key(char key);

}  // namespace kotel::cli
