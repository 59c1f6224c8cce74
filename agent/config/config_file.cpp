#include "config/config_file.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>

#include "core/small_file.h"
#include "core/text.h"

namespace kotel::config {

const char* to_string(Transport t) {
  switch (t) {
    case Transport::kRingBuffer: return "ringbuf";
    case Transport::kPerfBuffer: return "perf";
    default: return "auto";
  }
}

const char* to_string(PrintMode p) {
  switch (p) {
    case PrintMode::kEvents: return "events";
    case PrintMode::kConnections: return "connections";
    case PrintMode::kSpans: return "spans";
    case PrintMode::kLogs: return "logs";
    default: return "none";
  }
}

const char* to_string(IoHooks h) {
  switch (h) {
    case IoHooks::kSocket: return "socket";
    case IoHooks::kSyscall: return "syscall";
    default: return "auto";
  }
}

core::Result<IoHooks> parse_io_hooks(const std::string& s) {
  if (s == "auto") return IoHooks::kAuto;
  if (s == "socket") return IoHooks::kSocket;
  if (s == "syscall") return IoHooks::kSyscall;
  return core::Error{"'" + s + "' is not an io-hooks choice (auto, socket, syscall)"};
}

const char* to_string(Kubernetes k) {
  switch (k) {
    case Kubernetes::kOn: return "on";
    case Kubernetes::kOff: return "off";
    default: return "auto";
  }
}

const char* to_string(LogsMode m) {
  switch (m) {
    case LogsMode::kOn: return "on";
    case LogsMode::kOff: return "off";
    default: return "auto";
  }
}

const char* to_string(SdkSpans s) { return s == SdkSpans::kKeep ? "keep" : "skip-spans"; }

core::Result<SdkSpans> parse_sdk_spans(const std::string& s) {
  if (s == "skip-spans") return SdkSpans::kSkip;
  if (s == "keep") return SdkSpans::kKeep;
  return core::Error{"'" + s + "' is not an sdk-processes choice (skip-spans, keep)"};
}

core::Result<Kubernetes> parse_kubernetes(const std::string& s) {
  if (s == "auto") return Kubernetes::kAuto;
  if (s == "on") return Kubernetes::kOn;
  if (s == "off") return Kubernetes::kOff;
  return core::Error{"'" + s + "' is not a kubernetes choice (auto, on, off)"};
}

core::Result<LogsMode> parse_logs_mode(const std::string& s) {
  if (s == "auto") return LogsMode::kAuto;
  if (s == "on") return LogsMode::kOn;
  if (s == "off") return LogsMode::kOff;
  return core::Error{"'" + s + "' is not a logs choice (auto, on, off)"};
}

core::Result<bool> parse_on_off(const std::string& s) {
  if (s == "on") return true;
  if (s == "off") return false;
  return core::Error{"'" + s + "' is neither on nor off"};
}

core::Result<Transport> parse_transport(const std::string& s) {
  if (s == "auto") return Transport::kAuto;
  if (s == "ringbuf") return Transport::kRingBuffer;
  if (s == "perf") return Transport::kPerfBuffer;
  return core::Error{"'" + s + "' is not a transport (auto, ringbuf, perf)"};
}

core::Result<PrintMode> parse_print_mode(const std::string& s) {
  if (s == "none") return PrintMode::kNone;
  if (s == "events") return PrintMode::kEvents;
  if (s == "connections") return PrintMode::kConnections;
  if (s == "spans") return PrintMode::kSpans;
  if (s == "logs") return PrintMode::kLogs;
  return core::Error{"'" + s + "' is not a print mode (spans, logs, connections, events, none)"};
}

core::Result<void> validate(const Config& c) {
  auto pow2 = [](uint32_t v) { return v != 0 && (v & (v - 1)) == 0; };
  if (c.payload_bytes > 16384) return core::Error{"payload-bytes must be at most 16384"};
  if (!pow2(c.ring_buffer_bytes) || c.ring_buffer_bytes < 4096)
    return core::Error{"ring-buffer-bytes must be a power of two >= 4096"};
  if (!pow2(c.perf_buffer_pages)) return core::Error{"perf-buffer-pages must be a power of two"};
  if (c.max_connections < 16 || c.max_connections > kMaxConnectionsLimit)
    return core::Error{"max-connections must be 16.." + std::to_string(kMaxConnectionsLimit) +
                       " (the kernel's connection table is sized by it)"};
  if (c.ring_buffer_bytes > 1u << 30) return core::Error{"ring-buffer-bytes must be at most 1073741824 (1 GiB)"};
  if (c.perf_buffer_pages > 4096) return core::Error{"perf-buffer-pages must be at most 4096"};
  if (c.conn_idle_timeout_s == 0) return core::Error{"conn-idle-timeout-s must be at least 1"};
  if (c.export_queue_bytes < (64u << 10) || c.export_queue_bytes > (4ull << 30))
    return core::Error{"export-queue-bytes must be 65536..4294967296"};
  if (c.metrics_stale_after_s == 0) return core::Error{"metrics-stale-after-s must be at least 1"};
  if (c.baggage_max_entries > 180) return core::Error{"baggage-max-entries must be at most 180 (the W3C limit)"};
  if (c.baggage_max_bytes > 8192) return core::Error{"baggage-max-bytes must be at most 8192 (the W3C limit)"};
  if (c.poll_interval_ms == 0 || c.poll_interval_ms > 1000) return core::Error{"poll-interval-ms must be 1..1000"};
  if (c.log_payload_bytes == 0 || c.log_payload_bytes > 4096) return core::Error{"log-payload-bytes must be 1..4096"};
  if (c.log_max_record_bytes < 64 || c.log_max_record_bytes > 1u << 20)
    return core::Error{"log-max-record-bytes must be 64..1048576"};
  for (const auto& h : c.capture_headers) {
    std::string lower = core::to_lower(h);
    if (lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" || lower == "set-cookie")
      return core::Error{"capture-header: " + h + " carries credentials and is never captured"};
    if (h.empty() || h.find_first_of(" :\t") != std::string::npos)
      return core::Error{"capture-header: '" + h + "' is not a header name"};
  }
  if (c.max_route_templates == 0) return core::Error{"max-route-templates must be at least 1"};
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  bool level_ok = false;
  for (const char* l : kLevels) level_ok |= c.log_level == l;
  if (!level_ok) return core::Error{"log-level '" + c.log_level + "' is not one of trace, debug, info, warn, error, off"};
  return {};
}

namespace {

using Setter = std::function<void(const YAML::Node&, Config&)>;

template <typename T>
Setter scalar(T Config::*field) {
  return [field](const YAML::Node& n, Config& c) { c.*field = n.as<T>(); };
}

template <typename T>
Setter list(std::vector<T> Config::*field) {
  return [field](const YAML::Node& n, Config& c) {
    if (!n.IsSequence()) throw YAML::Exception(n.Mark(), "expected a list");
    c.*field = n.as<std::vector<T>>();
  };
}

// `sampling: {service: ratio, ...}`: ratios 0..1.
Setter ratio_map(std::vector<std::pair<std::string, double>> Config::*field) {
  return [field](const YAML::Node& n, Config& c) {
    if (!n.IsMap()) throw YAML::Exception(n.Mark(), "expected a map of service name to ratio (0..1)");
    (c.*field).clear();
    for (const auto& kv : n) {
      double r = kv.second.as<double>();
      if (!(r >= 0 && r <= 1)) throw YAML::Exception(kv.second.Mark(), "a ratio is 0..1");
      (c.*field).emplace_back(kv.first.as<std::string>(), r);
    }
  };
}

template <typename T>
Setter parsed(T Config::*field, core::Result<T> (*parse)(const std::string&)) {
  return [field, parse](const YAML::Node& n, Config& c) {
    auto r = parse(n.as<std::string>());
    if (!r) throw YAML::Exception(n.Mark(), r.error());
    c.*field = r.value();
  };
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> kSetters = {
      {"log-level", scalar(&Config::log_level)},
      {"print", parsed(&Config::print, parse_print_mode)},
      {"transport", parsed(&Config::transport, parse_transport)},
      {"io-hooks", parsed(&Config::io_hooks, parse_io_hooks)},
      {"pid", list(&Config::pids)},
      {"exclude-pid", list(&Config::exclude_pids)},
      {"port", list(&Config::ports)},
      {"exclude-port", list(&Config::exclude_ports)},
      {"cgroup", list(&Config::cgroups)},
      {"exclude-cgroup", list(&Config::exclude_cgroups)},
      {"payload-bytes", scalar(&Config::payload_bytes)},
      {"ring-buffer-bytes", scalar(&Config::ring_buffer_bytes)},
      {"perf-buffer-pages", scalar(&Config::perf_buffer_pages)},
      {"wakeup-bytes", scalar(&Config::wakeup_bytes)},
      {"poll-interval-ms", scalar(&Config::poll_interval_ms)},
      {"max-connections", scalar(&Config::max_connections)},
      {"conn-idle-timeout-s", scalar(&Config::conn_idle_timeout_s)},
      {"stats-interval-s", scalar(&Config::stats_interval_s)},
      {"metrics-address", scalar(&Config::metrics_address)},
      {"metrics-web-config", scalar(&Config::metrics_web_config)},
      {"metrics-stale-after-s", scalar(&Config::metrics_stale_after_s)},
      {"export-queue-bytes", scalar(&Config::export_queue_bytes)},
      {"admin-socket", scalar(&Config::admin_socket)},
      {"capture-header", list(&Config::capture_headers)},
      {"capture-query", scalar(&Config::capture_query)},
      {"baggage-prefix", scalar(&Config::baggage_prefix)},
      {"baggage-allow", list(&Config::baggage_allow)},
      {"baggage-deny", list(&Config::baggage_deny)},
      {"baggage-attributes", scalar(&Config::baggage_attributes)},
      {"baggage-max-entries", scalar(&Config::baggage_max_entries)},
      {"sampling", ratio_map(&Config::sampling_by_service)},
      {"baggage-max-bytes", scalar(&Config::baggage_max_bytes)},
      {"max-route-templates", scalar(&Config::max_route_templates)},
      {"otlp-endpoint", scalar(&Config::otlp_endpoint)},
      {"otlp-protocol", scalar(&Config::otlp_protocol)},
      {"otlp-headers", scalar(&Config::otlp_headers)},
      {"otlp-compression", scalar(&Config::otlp_compression)},
      {"otlp-timeout-ms", scalar(&Config::otlp_timeout_ms)},
      {"otlp-certificate", scalar(&Config::otlp_certificate)},
      {"spans-file", scalar(&Config::spans_file)},
      {"bpf-stats", scalar(&Config::bpf_stats)},
      {"tls", parsed(&Config::tls, parse_on_off)},
      {"tls-exclude-pid", list(&Config::tls_exclude_pids)},
      {"kubernetes", parsed(&Config::kubernetes, parse_kubernetes)},
      {"node-name", scalar(&Config::node_name)},
      {"kubernetes-service-account-dir", scalar(&Config::kubernetes_service_account_dir)},
      {"logs", parsed(&Config::logs, parse_logs_mode)},
      {"sdk-processes", parsed(&Config::sdk_processes, parse_sdk_spans)},
      {"probes", [](const YAML::Node& n, Config& c) { c.user_probes = parse_user_probes(n); }},
      {"logs-exclude-pid", list(&Config::logs_exclude_pids)},
      {"logs-exclude-service", list(&Config::logs_exclude_services)},
      {"log-payload-bytes", scalar(&Config::log_payload_bytes)},
      {"log-max-record-bytes", scalar(&Config::log_max_record_bytes)},
      {"log-rate-limit", scalar(&Config::log_rate_limit)},
  };
  return kSetters;
}

}  // namespace

core::Result<Config> apply_config_text(const std::string& yaml, const std::string& origin, Config c) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return core::Error{origin + ": not valid YAML: " + e.what()};
  }
  if (root.IsNull()) return c;
  if (!root.IsMap()) return core::Error{origin + ": expected a mapping of option: value"};
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    auto it = setters().find(key);
    if (it == setters().end()) return core::Error{origin + ": unknown key '" + key + "'"};
    try {
      it->second(kv.second, c);
    } catch (const YAML::Exception& e) {
      return core::Error{origin + ": bad value for '" + key + "' (line " + std::to_string(e.mark.line + 1) +
                         "): " + (e.msg.empty() ? "wrong type" : e.msg)};
    }
  }
  auto ok = validate(c);
  if (!ok) return core::Error{origin + ": " + ok.error()};
  return c;
}

core::Result<Config> apply_config_file(const std::string& path, Config base) {
  auto text = core::read_small_file(path, "config file");
  if (!text) return core::Error{text.error()};
  return apply_config_text(text.value(), path, std::move(base));
}

}  // namespace kotel::config
