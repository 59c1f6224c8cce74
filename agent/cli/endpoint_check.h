#pragma once
// `kotel check`'s exporter line: can this host open a TCP connection to each
// OTLP endpoint the configuration names? (A connect only: nothing is sent.)

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/otlp_config.h"
#include "probes/host_checks.h"

namespace kotel::cli {

// Empty when a TCP connection to host:port opened within `timeout`, else why.
std::string tcp_connect_problem(const std::string& host, uint16_t port, std::chrono::milliseconds timeout);

// One line per distinct endpoint of the signals exported over OTLP; one skip
// line when none is configured.
std::vector<probes::HostCheck> exporter_checks(const config::OtlpConfig& cfg, std::chrono::milliseconds timeout);

}  // namespace kotel::cli
