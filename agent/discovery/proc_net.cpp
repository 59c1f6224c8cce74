#include "discovery/proc_net.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace kotel::discovery {
namespace {
constexpr std::string_view kListenState = "0A";

std::string_view next_field(std::string_view& line) {
  size_t start = line.find_first_not_of(' ');
  if (start == std::string_view::npos) return {};
  line.remove_prefix(start);
  size_t end = line.find(' ');
  std::string_view field = line.substr(0, end);
  line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  return field;
}
}  // namespace

std::vector<uint16_t> parse_listening_ports(std::string_view text) {
  std::vector<uint16_t> ports;
  bool header = true;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (header) {  // first line names the columns
      header = false;
      continue;
    }
    next_field(line);  // "sl:"
    std::string_view local = next_field(line);
    next_field(line);  // remote
    std::string_view state = next_field(line);
    size_t colon = local.rfind(':');
    if (colon == std::string_view::npos || state != kListenState) continue;
    std::string_view hex = local.substr(colon + 1);
    unsigned port = 0;
    auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), port, 16);
    if (ec == std::errc() && p == hex.data() + hex.size() && port <= 0xffff) ports.push_back(static_cast<uint16_t>(port));
  }
  return ports;
}

std::vector<uint16_t> read_listening_ports() {
  std::vector<uint16_t> all;
  for (const char* path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(path);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    auto ports = parse_listening_ports(ss.str());
    all.insert(all.end(), ports.begin(), ports.end());
  }
  return all;
}

}  // namespace kotel::discovery
