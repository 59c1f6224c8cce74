#pragma once
// Listening TCP ports from /proc/net/tcp and /proc/net/tcp6: for connections
// that existed before the agent started, a listener on the local port tells
// that the process accepted them.

#include <cstdint>
#include <string_view>
#include <vector>

namespace kotel::discovery {

// Parses the text of /proc/net/tcp or tcp6; returns local ports in LISTEN state.
std::vector<uint16_t> parse_listening_ports(std::string_view proc_net_tcp);

// Reads both files of the agent's network namespace. Missing files yield none.
std::vector<uint16_t> read_listening_ports();

}  // namespace kotel::discovery
