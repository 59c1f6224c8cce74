#pragma once

namespace kotel::cli {

// One line per host requirement; loads the real probes to prove they work.
// Returns 0 when everything needed passes.
int run_check();

}  // namespace kotel::cli
