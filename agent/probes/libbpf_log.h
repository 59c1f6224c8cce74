#pragma once
// Routes libbpf's messages to spdlog and keeps the last lines, so a failed load
// can show the verifier's verdict in the error the user sees.

#include <string>

namespace kotel::probes {

void install_libbpf_logger();
// The last `max_lines` lines libbpf printed (verifier logs included).
std::string libbpf_last_lines(size_t max_lines);
void libbpf_clear_log();

}  // namespace kotel::probes
