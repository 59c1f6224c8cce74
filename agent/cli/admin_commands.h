#pragma once
// `kotel status | probes | conns | top | tail | explain`: the commands that
// inspect a running agent over its admin socket.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace kotel::cli {

struct InspectOptions {
  std::string socket;
  std::string output = "table";  // table | json
  // conns
  uint32_t pid = 0;
  std::string service, proto;
  // tail
  std::string what = "spans";
  std::string min_duration = "0";
  std::string status = "any";
  std::string min_severity = "any";  // logs: trace | debug | info | warn | error | fatal
  uint64_t count = 0;  // 0: until interrupted
  // top
  std::string sort = "rps";
  uint32_t interval_ms = 1000;
  bool once = false;
  // explain
  std::string id;
};

class InspectCommands {
 public:
  explicit InspectCommands(CLI::App& app);
  // The exit code when one of these commands was given, else nullopt.
  std::optional<int> run();

 private:
  InspectOptions opts_;
  CLI::App *status_, *probes_, *conns_, *top_, *tail_, *explain_;
};

// "250ms", "2s", "1500us", "100ns", "0" -> nanoseconds; nullopt when unreadable.
std::optional<uint64_t> parse_duration_ns(const std::string& text);

}  // namespace kotel::cli
