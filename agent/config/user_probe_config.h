#pragma once
// Probes the user declares in the config file (`probes:`): a function in an
// executable or library (uprobe at entry, uretprobe at return) or a USDT
// point, turned into an INTERNAL span per call (child of the request its
// thread serves) and a duration histogram. The manual-instrumentation analog.

#include <cstdint>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace kotel::config {

struct UserProbeArg {
  uint32_t position = 0;  // argument by ABI position: 0..5 for a function, 0..11 for USDT
  std::string name;       // the span attribute
  bool text = false;      // a NUL-terminated string (first 63 bytes); else a 64-bit integer
};

struct UserProbeConfig {
  static constexpr size_t kMaxProbes = 64;  // KOTEL_USER_PROBES_MAX
  static constexpr size_t kMaxArgs = 4;     // KOTEL_USER_ARGS
  std::string name;                         // span name and the `probe` label
  std::string binary;                       // absolute path of the executable or shared library
  std::string function;                     // a function symbol ...
  std::string usdt;                         // ... or a USDT probe "provider:name"
  std::vector<UserProbeArg> args;
  uint32_t max_per_second = 1000;           // calls captured per second; the rest counted and dropped; 0: no limit
  bool span = true;                         // false: the histogram only
};

// Reads and checks the shape of a `probes:` list (throws YAML::Exception
// naming the probe and the problem). Whether the binary and symbol exist is
// checked when the agent plans the attachments, before attaching any.
std::vector<UserProbeConfig> parse_user_probes(const YAML::Node& list);

}  // namespace kotel::config
