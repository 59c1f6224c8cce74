#pragma once
// YAML configuration file. Keys match the long flag names with dashes
// (payload-bytes: 4096). An unknown key or a bad value is an error naming it.

#include <string>

#include "config/config.h"
#include "core/result.h"

namespace kotel::config {

// Applies the file's keys on top of `base`.
core::Result<Config> apply_config_file(const std::string& path, Config base);
// Same, from YAML text (tests; `origin` names the source in errors).
core::Result<Config> apply_config_text(const std::string& yaml, const std::string& origin, Config base);

// Value parsers shared by the file, env and flags, with the error wording.
core::Result<Transport> parse_transport(const std::string& s);
core::Result<PrintMode> parse_print_mode(const std::string& s);
core::Result<LogsMode> parse_logs_mode(const std::string& s);
core::Result<SdkSpans> parse_sdk_spans(const std::string& s);
core::Result<IoHooks> parse_io_hooks(const std::string& s);
core::Result<bool> parse_on_off(const std::string& s);
core::Result<Kubernetes> parse_kubernetes(const std::string& s);
// The largest --max-connections: the kernel's table (a hash map) and the
// tracker hold one entry per connection.
inline constexpr uint32_t kMaxConnectionsLimit = 1u << 20;
core::Result<void> validate(const Config& c);

}  // namespace kotel::config
