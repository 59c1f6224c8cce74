#pragma once
// The agent's whole configuration: one immutable value built from defaults, the
// YAML file, KOTEL_* environment variables and flags (flags win), passed down
// explicitly. Every field here has a flag, an env var and a file key.

#include <cstdint>
#include <string>
#include <vector>

#include "config/user_probe_config.h"

namespace kotel::config {

enum class Transport { kAuto, kRingBuffer, kPerfBuffer };
enum class PrintMode { kNone, kEvents, kConnections, kSpans, kLogs };
enum class IoHooks { kAuto, kSocket, kSyscall };
enum class Kubernetes { kAuto, kOn, kOff };
// kAuto: on when something consumes the records (--print logs, or logs exported over OTLP).
enum class LogsMode { kAuto, kOn, kOff };
// Spans of processes that export their own (an OpenTelemetry SDK): skip-spans, keep.
enum class SdkSpans { kSkip, kKeep };

inline constexpr const char* kDefaultAdminSocket = "/run/kotel/admin.sock";

struct Config {
  std::string log_level = "info";
  PrintMode print = PrintMode::kSpans;
  Transport transport = Transport::kAuto;
  IoHooks io_hooks = IoHooks::kAuto;

  std::vector<uint32_t> pids;          // only these processes (empty: all)
  std::vector<uint32_t> exclude_pids;
  std::vector<uint16_t> ports;         // only connections with one of these ports (empty: all)
  std::vector<uint16_t> exclude_ports;
  std::vector<std::string> cgroups;    // only processes in these cgroup v2 paths (empty: all)
  std::vector<std::string> exclude_cgroups;

  uint32_t payload_bytes = 4096;           // payload prefix per data event, 0..16384
  // A small ring stays in the CPU caches: 8 MiB cost ~10% more CPU per request
  // than 1 MiB in bench/wrk_nginx.sh (fresh cache lines for every event).
  uint32_t ring_buffer_bytes = 1u << 20;   // power of two, >= 4096
  uint32_t perf_buffer_pages = 64;         // per CPU, power of two
  uint32_t wakeup_bytes = 128u << 10;      // ring fill that wakes the reader early
  uint32_t poll_interval_ms = 10;          // reader polls at least this often
  uint32_t max_connections = 65536;        // kernel table and userspace tracker
  uint32_t conn_idle_timeout_s = 300;
  uint32_t stats_interval_s = 0;           // 0: no periodic stats line
  // Prometheus /metrics, /healthz, /readyz; "off" disables. Loopback by default:
  // /metrics names processes, peers and the service graph (the chart opens it).
  std::string metrics_address = "127.0.0.1:9477";
  std::string metrics_web_config;  // TLS and basic auth for it (Prometheus' web config file format)
  uint32_t metrics_stale_after_s = 300;
  uint64_t export_queue_bytes = 16u << 20;  // memory the span queue and the log queue may hold, each  // a RED/TCP series unchanged this long (and exported) is dropped
  std::string admin_socket = kDefaultAdminSocket;  // the CLI's admin API; "off" disables

  // HTTP spans.
  std::vector<std::string> capture_headers;  // request headers exported as http.request.header.<name>
  bool capture_query = false;                // url.query, values redacted
  std::string baggage_prefix = "baggage.";   // baggage entries become <prefix><key> attributes
  std::vector<std::string> baggage_allow;    // empty: every key
  std::vector<std::string> baggage_deny;
  bool baggage_attributes = true;
  // Root sampling ratio by service.name (config file only: `sampling: {checkout: 0.1}`),
  // in place of OTEL_TRACES_SAMPLER_ARG for that service's new traces.
  std::vector<std::pair<std::string, double>> sampling_by_service;
  SdkSpans sdk_processes = SdkSpans::kSkip;  // kotel's spans would copy the SDK's
  std::vector<UserProbeConfig> user_probes;  // config file `probes:` (user_probe_config.h)
  uint32_t baggage_max_entries = 16;   // per request: entries past them are dropped, counted
  uint32_t baggage_max_bytes = 1024;   // keys and values together, per request
  uint32_t max_route_templates = 200;        // distinct span names per service, then "{overflow}"

  // OTLP: each, when set, stands in for its OTEL_EXPORTER_OTLP_* variable
  // (flag and file beat the environment here: they are the more explicit).
  std::string otlp_endpoint;     // OTEL_EXPORTER_OTLP_ENDPOINT
  std::string otlp_protocol;     // OTEL_EXPORTER_OTLP_PROTOCOL: grpc | http/protobuf
  std::string otlp_headers;      // OTEL_EXPORTER_OTLP_HEADERS: k=v,k2=v2
  std::string otlp_compression;  // OTEL_EXPORTER_OTLP_COMPRESSION: gzip | none
  std::string otlp_timeout_ms;   // OTEL_EXPORTER_OTLP_TIMEOUT
  std::string otlp_certificate;  // OTEL_EXPORTER_OTLP_CERTIFICATE
  std::string spans_file;        // also append spans to this file as OTLP/JSON lines
  bool bpf_stats = false;        // kernel run-time stats per BPF program (small cost per run)

  // TLS: plaintext of OpenSSL's SSL_read/SSL_write through uprobes.
  bool tls = true;
  std::vector<uint32_t> tls_exclude_pids;  // processes whose TLS plaintext is not captured

  // Kubernetes metadata (k8s.* on every resource): auto = on when running in a
  // pod (KUBERNETES_SERVICE_HOST set).
  Kubernetes kubernetes = Kubernetes::kAuto;
  std::string node_name;  // this node's name (NODE_NAME from the downward API); "": the host name
  std::string kubernetes_service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
  // Logs: what watched processes write to stdout/stderr, plus kernel events.
  LogsMode logs = LogsMode::kAuto;           // why auto: bench/logs_overhead.sh figures in README
  std::vector<uint32_t> logs_exclude_pids;   // never capture their output (in the kernel)
  std::vector<std::string> logs_exclude_services;  // by service.name (in userspace)
  uint32_t log_payload_bytes = 2048;         // prefix of each write captured, 1..4096
  uint32_t log_max_record_bytes = 8192;      // a longer line is cut (log.record.truncated)
  uint32_t log_rate_limit = 1000;            // records per second per process, 0: no limit
};

const char* to_string(Transport t);
const char* to_string(PrintMode p);
const char* to_string(IoHooks h);
const char* to_string(Kubernetes k);
const char* to_string(LogsMode m);
const char* to_string(SdkSpans s);

}  // namespace kotel::config
