#include "cli/agent_options.h"

#include "config/config_file.h"

namespace kotel::cli {

struct AgentOptions::Raw {
  std::string config_path;
  std::string print, transport, io_hooks, tls, kubernetes, logs, sdk_processes;
  config::Config flags;  // values as parsed; only options that were given are applied
};

namespace {
template <typename T>
CLI::Option* add(CLI::App& app, const std::string& name, T& target, const std::string& env, const std::string& help) {
  return app.add_option(name, target, help)->envname(env);
}
}  // namespace

AgentOptions::AgentOptions(CLI::App& cmd) : raw_(std::make_shared<Raw>()), app_(&cmd) {
  auto& r = *raw_;
  auto& f = r.flags;
  cmd.add_option("-c,--config", r.config_path, "YAML file with any of the options below (keys = long flag names)")
      ->envname("KOTEL_CONFIG");
  add(cmd, "--print", r.print, "KOTEL_PRINT",
      "What to print on stdout: spans (one line per finished HTTP span, default), logs (one line per log "
      "record), connections (one line per finished connection), events (every kernel event with payload), none");
  add(cmd, "--log-level", f.log_level, "KOTEL_LOG_LEVEL", "trace, debug, info (default), warn, error, off");
  add(cmd, "--transport", r.transport, "KOTEL_TRANSPORT", "Kernel-to-agent transport: auto (default), ringbuf, perf");
  add(cmd, "--io-hooks", r.io_hooks, "KOTEL_IO_HOOKS",
      "How socket I/O is observed: auto (default: socket tracepoints when the kernel has them), socket, syscall "
      "(raw_tp/sys_exit fallback, higher overhead)");
  add(cmd, "--pid", f.pids, "KOTEL_PIDS", "Trace only these processes (repeatable)")->delimiter(',');
  add(cmd, "--exclude-pid", f.exclude_pids, "KOTEL_EXCLUDE_PIDS", "Never trace these processes")->delimiter(',');
  add(cmd, "--port", f.ports, "KOTEL_PORTS", "Trace only connections with this local or remote port")->delimiter(',');
  add(cmd, "--exclude-port", f.exclude_ports, "KOTEL_EXCLUDE_PORTS", "Ignore connections with this port")
      ->delimiter(',');
  add(cmd, "--cgroup", f.cgroups, "KOTEL_CGROUPS", "Trace only processes in this cgroup v2 path, relative to the cgroup2 mount (e.g. /system.slice/nginx.service)")
      ->delimiter(',');
  add(cmd, "--exclude-cgroup", f.exclude_cgroups, "KOTEL_EXCLUDE_CGROUPS", "Ignore processes in this cgroup v2 path")
      ->delimiter(',');
  add(cmd, "--payload-bytes", f.payload_bytes, "KOTEL_PAYLOAD_BYTES",
      "Payload prefix copied per socket read/write, 0..16384 (default 4096); byte counts stay exact");
  add(cmd, "--ring-buffer-bytes", f.ring_buffer_bytes, "KOTEL_RING_BUFFER_BYTES",
      "Ring buffer size, power of two (default 1048576: small enough to stay in cache)");
  add(cmd, "--perf-buffer-pages", f.perf_buffer_pages, "KOTEL_PERF_BUFFER_PAGES", "Perf buffer pages per CPU (default 64)");
  add(cmd, "--wakeup-bytes", f.wakeup_bytes, "KOTEL_WAKEUP_BYTES", "Buffer fill that wakes the reader early (default 131072)");
  add(cmd, "--poll-interval-ms", f.poll_interval_ms, "KOTEL_POLL_INTERVAL_MS", "Reader drains at least this often (default 10)");
  add(cmd, "--max-connections", f.max_connections, "KOTEL_MAX_CONNECTIONS", "Connections tracked at once (default 65536)");
  add(cmd, "--conn-idle-timeout-s", f.conn_idle_timeout_s, "KOTEL_CONN_IDLE_TIMEOUT_S",
      "Forget a connection idle this long (default 300)");
  add(cmd, "--metrics-address", f.metrics_address, "KOTEL_METRICS_ADDRESS",
      "Serve Prometheus /metrics, /healthz, /readyz here (default 127.0.0.1:9477; 0.0.0.0:9477 for a remote "
      "Prometheus; 'off' disables; port 0 picks one)");
  add(cmd, "--export-queue-bytes", f.export_queue_bytes, "KOTEL_EXPORT_QUEUE_BYTES",
      "Memory the span queue and the log queue may hold each before dropping (default 16777216; "
      "OTEL_BSP_MAX_QUEUE_SIZE adds an item limit)");
  add(cmd, "--metrics-stale-after-s", f.metrics_stale_after_s, "KOTEL_METRICS_STALE_AFTER_S",
      "Drop a RED or TCP metric series unchanged this long, once its last value was exported (default 300)");
  add(cmd, "--metrics-web-config", f.metrics_web_config, "KOTEL_METRICS_WEB_CONFIG",
      "TLS and basic auth for /metrics: a Prometheus web config file (tls_server_config, basic_auth_users)");
  add(cmd, "--admin-socket", f.admin_socket, "KOTEL_ADMIN_SOCKET",
      "Serve the admin API for kotel status/probes/conns/top/tail/explain here (default /run/kotel/admin.sock; 'off' disables)");
  add(cmd, "--stats-interval-s", f.stats_interval_s, "KOTEL_STATS_INTERVAL_S", "Log a stats line this often (0: never)");
  add(cmd, "--capture-header", f.capture_headers, "KOTEL_CAPTURE_HEADERS",
      "Request header to export as http.request.header.<name> (repeatable; Authorization and Cookie never are)")
      ->delimiter(',');
  cmd.add_flag("--capture-query", f.capture_query, "Export url.query with every value redacted")
      ->envname("KOTEL_CAPTURE_QUERY");
  add(cmd, "--baggage-prefix", f.baggage_prefix, "KOTEL_BAGGAGE_PREFIX",
      "Baggage entries become span attributes <prefix><key> (default 'baggage.')");
  add(cmd, "--baggage-allow", f.baggage_allow, "KOTEL_BAGGAGE_ALLOW", "Only these baggage keys (default: all)")
      ->delimiter(',');
  add(cmd, "--baggage-deny", f.baggage_deny, "KOTEL_BAGGAGE_DENY", "Never these baggage keys")->delimiter(',');
  add(cmd, "--sdk-processes", r.sdk_processes, "KOTEL_SDK_PROCESSES",
      "Processes that export their own spans with an OpenTelemetry SDK (seen sending POST /v1/traces, or span ids "
      "of their own in a served request's trace): skip-spans (default: keep their metrics, withhold kotel's copy "
      "of their spans), keep");
  add(cmd, "--baggage-max-entries", f.baggage_max_entries, "KOTEL_BAGGAGE_MAX_ENTRIES",
      "Baggage entries made span attributes per request (default 16; more are dropped, counted)");
  add(cmd, "--baggage-max-bytes", f.baggage_max_bytes, "KOTEL_BAGGAGE_MAX_BYTES",
      "Bytes of baggage keys and values made span attributes per request (default 1024)");
  cmd.add_flag("--no-baggage-attributes{false}", f.baggage_attributes, "Do not turn baggage into span attributes")
      ->envname("KOTEL_BAGGAGE_ATTRIBUTES");
  cmd.add_option("--otlp-endpoint", f.otlp_endpoint,
                 "Export spans over OTLP to this URL (instead of OTEL_EXPORTER_OTLP_ENDPOINT), e.g. "
                 "http://127.0.0.1:4318 (http/protobuf) or http://127.0.0.1:4317 with --otlp-protocol grpc");
  cmd.add_option("--otlp-protocol", f.otlp_protocol, "grpc or http/protobuf (instead of OTEL_EXPORTER_OTLP_PROTOCOL)");
  cmd.add_option("--otlp-headers", f.otlp_headers, "k=v,k2=v2 sent with every export (instead of OTEL_EXPORTER_OTLP_HEADERS)");
  cmd.add_option("--otlp-compression", f.otlp_compression, "gzip or none (instead of OTEL_EXPORTER_OTLP_COMPRESSION)");
  cmd.add_option("--otlp-timeout-ms", f.otlp_timeout_ms, "Per-export timeout (instead of OTEL_EXPORTER_OTLP_TIMEOUT)");
  cmd.add_option("--otlp-certificate", f.otlp_certificate,
                 "CA file for an https endpoint (instead of OTEL_EXPORTER_OTLP_CERTIFICATE)");
  add(cmd, "--spans-file", f.spans_file, "KOTEL_SPANS_FILE",
      "Also append finished spans to this file as OTLP/JSON lines (one export request per line)");
  cmd.add_flag("--bpf-stats", f.bpf_stats,
               "Turn on the kernel's run-time statistics for kotel's BPF programs (runs and time per hook on "
               "/metrics; costs a clock read per program run)")
      ->envname("KOTEL_BPF_STATS");
  add(cmd, "--tls", r.tls, "KOTEL_TLS",
      "Capture the plaintext of OpenSSL TLS connections through uprobes on libssl: on (default), off");
  add(cmd, "--tls-exclude-pid", f.tls_exclude_pids, "KOTEL_TLS_EXCLUDE_PIDS",
      "Never capture TLS plaintext of these processes (their ciphertext is still counted)")
      ->delimiter(',');
  add(cmd, "--logs", r.logs, "KOTEL_LOGS",
      "Capture what watched processes write to stdout/stderr (write/writev tracepoints) as log records, with "
      "process exits and failed TCP connections: auto (default: on with --print logs or when logs are exported "
      "over OTLP, else only while `kotel tail logs` runs), on, off. Costs every syscall on the host the tracing slow path (docs/benchmarks.md, Logs)");
  add(cmd, "--logs-exclude-pid", f.logs_exclude_pids, "KOTEL_LOGS_EXCLUDE_PIDS",
      "Never capture the stdout/stderr of these processes (filtered in the kernel)")
      ->delimiter(',');
  add(cmd, "--logs-exclude-service", f.logs_exclude_services, "KOTEL_LOGS_EXCLUDE_SERVICES",
      "Drop the log records of processes with this service.name")
      ->delimiter(',');
  add(cmd, "--log-payload-bytes", f.log_payload_bytes, "KOTEL_LOG_PAYLOAD_BYTES",
      "Prefix of each write to stdout/stderr copied, 1..4096 (default 2048); longer writes are cut and counted");
  add(cmd, "--log-max-record-bytes", f.log_max_record_bytes, "KOTEL_LOG_MAX_RECORD_BYTES",
      "A log line longer than this is cut and marked log.record.truncated (default 8192)");
  add(cmd, "--log-rate-limit", f.log_rate_limit, "KOTEL_LOG_RATE_LIMIT",
      "Log records per second per process, the rest dropped and counted (default 1000; 0: no limit)");
  add(cmd, "--max-route-templates", f.max_route_templates, "KOTEL_MAX_ROUTE_TEMPLATES",
      "Distinct span-name templates per service before new ones go to '{overflow}' (default 200)");
  add(cmd, "--kubernetes", r.kubernetes, "KOTEL_KUBERNETES",
      "Add k8s.* pod attributes from the API server: auto (default: on when KUBERNETES_SERVICE_HOST is set), on, off");
  add(cmd, "--node-name", f.node_name, "NODE_NAME",
      "This Kubernetes node's name, whose pods are watched (default: the host name)");
  add(cmd, "--kubernetes-service-account-dir", f.kubernetes_service_account_dir, "KOTEL_KUBERNETES_SERVICE_ACCOUNT_DIR",
      "Directory with the service account's token and ca.crt (default /var/run/secrets/kubernetes.io/serviceaccount)");
}

core::Result<config::Config> AgentOptions::resolve() const {
  const auto& r = *raw_;
  config::Config c;
  if (!r.config_path.empty()) {
    auto file = config::apply_config_file(r.config_path, c);
    if (!file) return file;
    c = file.value();
  }
  auto given = [this](const char* name) { return app_->get_option(name)->count() > 0; };
  const auto& f = r.flags;
  if (given("--log-level")) c.log_level = f.log_level;
  if (given("--pid")) c.pids = f.pids;
  if (given("--exclude-pid")) c.exclude_pids = f.exclude_pids;
  if (given("--port")) c.ports = f.ports;
  if (given("--exclude-port")) c.exclude_ports = f.exclude_ports;
  if (given("--cgroup")) c.cgroups = f.cgroups;
  if (given("--exclude-cgroup")) c.exclude_cgroups = f.exclude_cgroups;
  if (given("--payload-bytes")) c.payload_bytes = f.payload_bytes;
  if (given("--ring-buffer-bytes")) c.ring_buffer_bytes = f.ring_buffer_bytes;
  if (given("--perf-buffer-pages")) c.perf_buffer_pages = f.perf_buffer_pages;
  if (given("--wakeup-bytes")) c.wakeup_bytes = f.wakeup_bytes;
  if (given("--poll-interval-ms")) c.poll_interval_ms = f.poll_interval_ms;
  if (given("--max-connections")) c.max_connections = f.max_connections;
  if (given("--conn-idle-timeout-s")) c.conn_idle_timeout_s = f.conn_idle_timeout_s;
  if (given("--stats-interval-s")) c.stats_interval_s = f.stats_interval_s;
  if (given("--metrics-address")) c.metrics_address = f.metrics_address;
  if (given("--metrics-web-config")) c.metrics_web_config = f.metrics_web_config;
  if (given("--metrics-stale-after-s")) c.metrics_stale_after_s = f.metrics_stale_after_s;
  if (given("--export-queue-bytes")) c.export_queue_bytes = f.export_queue_bytes;
  if (given("--admin-socket")) c.admin_socket = f.admin_socket;
  if (given("--capture-header")) c.capture_headers = f.capture_headers;
  if (given("--capture-query")) c.capture_query = f.capture_query;
  if (given("--baggage-prefix")) c.baggage_prefix = f.baggage_prefix;
  if (given("--baggage-allow")) c.baggage_allow = f.baggage_allow;
  if (given("--baggage-deny")) c.baggage_deny = f.baggage_deny;
  if (given("--baggage-max-entries")) c.baggage_max_entries = f.baggage_max_entries;
  if (given("--baggage-max-bytes")) c.baggage_max_bytes = f.baggage_max_bytes;
  if (given("--no-baggage-attributes")) c.baggage_attributes = f.baggage_attributes;
  if (given("--max-route-templates")) c.max_route_templates = f.max_route_templates;
  if (given("--otlp-endpoint")) c.otlp_endpoint = f.otlp_endpoint;
  if (given("--spans-file")) c.spans_file = f.spans_file;
  if (given("--bpf-stats")) c.bpf_stats = f.bpf_stats;
  if (given("--otlp-protocol")) c.otlp_protocol = f.otlp_protocol;
  if (given("--otlp-headers")) c.otlp_headers = f.otlp_headers;
  if (given("--otlp-compression")) c.otlp_compression = f.otlp_compression;
  if (given("--otlp-timeout-ms")) c.otlp_timeout_ms = f.otlp_timeout_ms;
  if (given("--otlp-certificate")) c.otlp_certificate = f.otlp_certificate;
  if (given("--tls-exclude-pid")) c.tls_exclude_pids = f.tls_exclude_pids;
  if (given("--node-name")) c.node_name = f.node_name;
  if (given("--kubernetes-service-account-dir")) c.kubernetes_service_account_dir = f.kubernetes_service_account_dir;
  if (given("--kubernetes")) {
    auto k = config::parse_kubernetes(r.kubernetes);
    if (!k) return core::Error{"--kubernetes: " + k.error()};
    c.kubernetes = k.value();
  }
  if (given("--logs-exclude-pid")) c.logs_exclude_pids = f.logs_exclude_pids;
  if (given("--logs-exclude-service")) c.logs_exclude_services = f.logs_exclude_services;
  if (given("--log-payload-bytes")) c.log_payload_bytes = f.log_payload_bytes;
  if (given("--log-max-record-bytes")) c.log_max_record_bytes = f.log_max_record_bytes;
  if (given("--log-rate-limit")) c.log_rate_limit = f.log_rate_limit;
  if (given("--sdk-processes")) {
    auto s = config::parse_sdk_spans(r.sdk_processes);
    if (!s) return core::Error{"--sdk-processes: " + s.error()};
    c.sdk_processes = s.value();
  }
  if (given("--logs")) {
    auto l = config::parse_logs_mode(r.logs);
    if (!l) return core::Error{"--logs: " + l.error()};
    c.logs = l.value();
  }
  if (given("--tls")) {
    auto t = config::parse_on_off(r.tls);
    if (!t) return core::Error{"--tls: " + t.error()};
    c.tls = t.value();
  }
  if (given("--print")) {
    auto p = config::parse_print_mode(r.print);
    if (!p) return core::Error{"--print: " + p.error()};
    c.print = p.value();
  }
  if (given("--transport")) {
    auto t = config::parse_transport(r.transport);
    if (!t) return core::Error{"--transport: " + t.error()};
    c.transport = t.value();
  }
  if (given("--io-hooks")) {
    auto h = config::parse_io_hooks(r.io_hooks);
    if (!h) return core::Error{"--io-hooks: " + h.error()};
    c.io_hooks = h.value();
  }
  auto ok = config::validate(c);
  if (!ok) return core::Error{ok.error()};
  return c;
}

}  // namespace kotel::cli
