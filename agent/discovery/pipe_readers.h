#pragma once
// The processes reading what a process writes, through pipes: for
// `kotel tail logs | grep x | cat`, from kotel's pid, grep and cat. Their
// output must not reach the tail that feeds them, or it would print itself.

#include <cstdint>
#include <vector>

namespace kotel::discovery {

// `pid` and every process whose stdin is a pipe that `pid`'s stdout or stderr
// writes to, and theirs in turn (a few levels), under `proc_root`. A process
// that joins the pipeline later is not found.
std::vector<uint32_t> output_pipeline(uint32_t pid, const char* proc_root = "/proc");

}  // namespace kotel::discovery
