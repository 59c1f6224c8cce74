#include "cli/agent_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <atomic>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>

#include "cli/admin_sources.h"
#include "cli/otlp_export.h"
#include "cli/self_metrics.h"
#include "core/clock.h"
#include "exporters/prometheus/http_metrics_families.h"
#include "exporters/prometheus/metrics_server.h"
#include "metrics/http_metrics.h"
#include "core/fatal_error.h"
#include "core/text.h"
#include "discovery/cgroup.h"
#include "discovery/proc_net.h"
#include "ingest/event_reader.h"
#include "kubernetes/pod_watcher.h"
#include "pipeline/event_pipeline.h"
#include "probes/bpf_probes.h"
#include "probes/host_checks.h"
#include "probes/tls/tls_attacher.h"

namespace kotel::cli {
namespace {

uint64_t cgroup_id_or_throw(const std::string& path) {
  auto id = discovery::cgroup_id_of(path);
  if (!id) throw core::FatalError(id.error(), "give a cgroup v2 path relative to the cgroup2 mount, e.g. /system.slice/nginx.service");
  return id.value();
}

probes::ProbeOptions probe_options(const config::Config& cfg) {
  probes::ProbeOptions o;
  o.agent_tgid = static_cast<uint32_t>(getpid());
  o.use_ringbuf = cfg.transport == config::Transport::kRingBuffer ||
                  (cfg.transport == config::Transport::kAuto && probes::kernel_has_ringbuf());
  if (cfg.transport == config::Transport::kAuto && !o.use_ringbuf)
    spdlog::warn("this kernel has no BPF ring buffer: falling back to the perf buffer");
  o.io_hooks = cfg.io_hooks == config::IoHooks::kSocket    ? probes::IoHooks::kSocket
               : cfg.io_hooks == config::IoHooks::kSyscall ? probes::IoHooks::kSyscall
                                                           : probes::IoHooks::kAuto;
  o.payload_bytes = cfg.payload_bytes;
  o.ring_buffer_bytes = cfg.ring_buffer_bytes;
  o.wakeup_bytes = cfg.wakeup_bytes;
  o.max_connections = cfg.max_connections;
  o.pids = cfg.pids;
  o.exclude_pids = cfg.exclude_pids;
  o.ports = cfg.ports;
  o.exclude_ports = cfg.exclude_ports;
  o.tls = cfg.tls;
  o.tls_exclude_pids = cfg.tls_exclude_pids;
  o.log_payload_bytes = cfg.log_payload_bytes;
  o.logs_exclude_pids = cfg.logs_exclude_pids;
  for (const auto& p : cfg.cgroups) o.cgroup_ids.push_back(cgroup_id_or_throw(p));
  for (const auto& p : cfg.exclude_cgroups) o.exclude_cgroup_ids.push_back(cgroup_id_or_throw(p));
  return o;
}

spans::SpanSettings span_settings(const config::Config& cfg) {
  spans::SpanSettings s;
  s.capture_headers = cfg.capture_headers;
  for (auto& h : s.capture_headers) h = core::to_lower(h);
  s.capture_query = cfg.capture_query;
  s.baggage_prefix = cfg.baggage_prefix;
  s.baggage_allow = cfg.baggage_allow;
  s.baggage_deny = cfg.baggage_deny;
  s.baggage_attributes = cfg.baggage_attributes;
  s.max_templates_per_service = cfg.max_route_templates;
  return s;
}

// Pod metadata from the API server when running in a pod (or --kubernetes on).
std::unique_ptr<kubernetes::PodWatcher> start_kubernetes(const config::Config& cfg, pipeline::EventPipeline& pipe) {
  if (cfg.kubernetes == config::Kubernetes::kOff) return nullptr;
  auto env = config::process_env();
  bool in_pod = env("KUBERNETES_SERVICE_HOST").has_value();
  if (cfg.kubernetes == config::Kubernetes::kAuto && !in_pod) return nullptr;
  auto api = kubernetes::in_cluster_config(env, cfg.kubernetes_service_account_dir);
  if (!api) {
    if (cfg.kubernetes == config::Kubernetes::kOn)
      throw core::FatalError("kubernetes: " + api.error(),
                             "run kotel in a pod with a service account (or give --kubernetes-service-account-dir), "
                             "or pass --kubernetes off");
    spdlog::warn("kubernetes: {}; no k8s attributes", api.error());
    return nullptr;
  }
  std::string node = cfg.node_name;
  if (node.empty()) {
    node = pipeline::local_host_name();
    spdlog::warn("kubernetes: NODE_NAME is not set (--node-name); assuming the node is named after the host: {}", node);
  }
  auto store = std::make_shared<kubernetes::PodStore>();
  pipe.enable_kubernetes({store, node});
  spdlog::info("kubernetes: watching the pods of node {} at {}", node, api.value().base_url);
  return std::make_unique<kubernetes::PodWatcher>(api.value(), node, store);
}

// Seconds east of UTC here, for log timestamps written without a zone.
int64_t local_utc_offset_s() {
  time_t now = time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  return local.tm_gmtoff;
}

// When stdout/stderr are captured: always, only while `kotel tail logs` runs
// (auto with nothing else consuming records; needs the admin socket), or never.
enum class LogCapture { kOff, kOn, kOnDemand };

LogCapture log_capture_of(const config::Config& cfg, const config::OtlpConfig& otlp) {
  if (cfg.logs == config::LogsMode::kOn) return LogCapture::kOn;
  if (cfg.logs == config::LogsMode::kOff) return LogCapture::kOff;
  if (cfg.print == config::PrintMode::kLogs || otlp.logs.otlp) return LogCapture::kOn;
  return cfg.admin_socket != "off" ? LogCapture::kOnDemand : LogCapture::kOff;
}

const char* log_capture_name(LogCapture c) {
  return c == LogCapture::kOn ? "on" : c == LogCapture::kOnDemand ? "on demand" : "off";
}

pipeline::LogSettings log_settings(const config::Config& cfg) {
  pipeline::LogSettings s;
  s.max_record_bytes = cfg.log_max_record_bytes;
  s.rate_limit = cfg.log_rate_limit;
  s.exclude_services = cfg.logs_exclude_services;
  s.pids = cfg.pids;
  s.exclude_pids = cfg.exclude_pids;
  s.exclude_pids.insert(s.exclude_pids.end(), cfg.logs_exclude_pids.begin(), cfg.logs_exclude_pids.end());
  s.local_utc_offset_s = local_utc_offset_s();
  return s;
}

void log_stats(const probes::BpfProbes& probes, const pipeline::EventPipeline& pipe, const ingest::EventReader& reader,
               const char* when) {
  auto k = probes.read_counters();
  const auto& s = pipe.stats();
  const auto& t = pipe.tracker().stats();
  std::string kernel;
  for (const auto& [name, idx] : probes::counter_names()) {
    if (k.at(idx)) kernel += " " + name + "=" + std::to_string(k.at(idx));
  }
  spdlog::info("{}: records={} decode_errors={} transport_lost={} conns_tracked={} opened={} closed={} gaps={} "
               "gap_bytes={} evicted={} | kernel:{}",
               when, s.records, s.decode_errors, reader.transport_lost(), pipe.tracker().size(), t.opened, t.closed,
               t.gap_events, t.gap_bytes, t.evicted_cap, kernel);
  if (const auto* http = pipe.http()) {
    const auto& b = http->builder().stats();
    const auto& st = http->stitch_stats();
    spdlog::info("{}: spans server={} client={} parents header={} thread={} tuple={} none={} | http exchanges={} "
                 "truncated_heads={} no_response={} lost: orphan_responses={} unusable_heads={} lost_boundary={}",
                 when, b.server_spans, b.client_spans, b.parent_header, b.parent_thread, b.parent_tuple,
                 b.parent_none, st.exchanges, st.truncated_heads, st.no_response, st.orphan_responses,
                 st.unusable_heads, st.lost_exchanges);
  }
  if (const auto* logs = pipe.logs()) {
    const auto& l = logs->stats();
    spdlog::info("{}: logs records stdout={} stderr={} kernel={} bytes={} truncated={} partial={} | dropped "
                 "rate_limited={} excluded_service={} ring_full={} read_fault={}",
                 when, l.records_from(logs::LogSource::kStdout), l.records_from(logs::LogSource::kStderr),
               l.records_from(logs::LogSource::kKernel), l.bytes_captured, l.lines_truncated,
                 logs->assembler_stats().partial_flushed, l.dropped_rate_limited, l.dropped_excluded_service,
                 probes.read_counters().at(probes::KernelCounter::kLogDropRingFull), probes.read_counters().at(probes::KernelCounter::kLogReadFault));
  }
}

}  // namespace

// The OTEL_* environment, with what the flags or the config file set in place
// of the matching variables.
config::EnvLookup otel_env(const config::Config& cfg) {
  std::vector<std::pair<std::string, std::string>> overrides;
  for (auto [name, value] : {std::pair{"OTEL_EXPORTER_OTLP_ENDPOINT", &cfg.otlp_endpoint},
                             {"OTEL_EXPORTER_OTLP_PROTOCOL", &cfg.otlp_protocol},
                             {"OTEL_EXPORTER_OTLP_HEADERS", &cfg.otlp_headers},
                             {"OTEL_EXPORTER_OTLP_COMPRESSION", &cfg.otlp_compression},
                             {"OTEL_EXPORTER_OTLP_TIMEOUT", &cfg.otlp_timeout_ms},
                             {"OTEL_EXPORTER_OTLP_CERTIFICATE", &cfg.otlp_certificate}})
    if (!value->empty()) overrides.emplace_back(name, *value);
  return [overrides, env = config::process_env()](std::string_view name) -> std::optional<std::string> {
    for (const auto& [k, v] : overrides)
      if (k == name) return v;
    return env(name);
  };
}

int run_agent(const config::Config& cfg) {
  auto otlp_cfg = config::otlp_config_from_env(otel_env(cfg));
  if (!otlp_cfg) {
    spdlog::error("{}", otlp_cfg.error());
    return 2;
  }
  for (const auto& w : otlp_cfg.value().warnings) spdlog::warn("{}", w);
  probes::require_host_ready();
  std::vector<std::unique_ptr<TraceExport>> trace_exports;
  std::unique_ptr<TraceExport> traces = TraceExport::from_config(otlp_cfg.value());
  if (traces) {
    spdlog::info("traces: exporting over {}", traces->describe());
    trace_exports.push_back(std::move(traces));
  }
  if (!cfg.spans_file.empty()) {
    trace_exports.push_back(TraceExport::to_file(cfg.spans_file, otlp_cfg.value()));
    spdlog::info("traces: appending to {}", cfg.spans_file);
  }
  // Capturing logs puts every syscall on the tracing slow path: by default
  // only when something consumes the records, or while `kotel tail logs` runs.
  LogCapture log_capture = log_capture_of(cfg, otlp_cfg.value());
  bool logs_on = log_capture == LogCapture::kOn;
  std::unique_ptr<LogExport> log_export;
  if (logs_on) log_export = LogExport::from_config(otlp_cfg.value());
  if (log_export) spdlog::info("logs: exporting over {}", log_export->describe());
  else if (otlp_cfg.value().logs.otlp) spdlog::info("logs: capture off (--logs off), so none are exported");
  if (log_capture == LogCapture::kOnDemand)
    spdlog::info("logs: stdout/stderr capture on demand, while `kotel tail logs` runs (--logs auto, no consumer)");
  else if (!logs_on) spdlog::info("logs: stdout/stderr capture off (--logs {})", config::to_string(cfg.logs));

  // Signals are taken synchronously by this thread; the reader thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  probes::ProbeOptions probe_opts = probe_options(cfg);
  probe_opts.logs = logs_on;
  probe_opts.logs_on_demand = log_capture == LogCapture::kOnDemand;
  // A collector on this host would be traced receiving kotel's own exports,
  // whose spans it would then receive: a loop. Its port is left alone.
  for (const auto* signal : {&otlp_cfg.value().traces, &otlp_cfg.value().metrics, &otlp_cfg.value().logs}) {
    const auto& url = signal->url;
    bool local = url.host == "127.0.0.1" || url.host == "localhost" || url.host == "::1";
    auto& ex = probe_opts.exclude_ports;
    if (signal->otlp && local && std::find(ex.begin(), ex.end(), url.port) == ex.end()) {
      ex.push_back(url.port);
      spdlog::info("not tracing connections on port {}: the local OTLP endpoint", url.port);
    }
  }
  probes::BpfProbes probes(probe_opts);
  if (cfg.bpf_stats && probes.enable_run_stats()) spdlog::info("BPF run-time statistics on (--bpf-stats)");
  for (const auto& line : probes::format_attach_report(probes.attach_report())) spdlog::info("hook {}", line);

  std::unique_ptr<probes::tls::TlsAttacher> tls;
  if (cfg.tls) tls = std::make_unique<probes::tls::TlsAttacher>(probes.tls_programs());
  else spdlog::info("tls: plaintext capture off (--tls off)");
  pipeline::KernelControl control{[&probes](uint32_t pid, int32_t fd) { probes.forget_connection(pid, fd); },
                                  [&probes](uint64_t gen) { probes.mute_payload(gen); }};
  if (tls) {
    control.process_exec = [&tls](uint32_t pid) { tls->on_exec(pid); };
    control.process_exit = [&tls](uint32_t pid) { tls->on_exit(pid); };
  }
  connections::TrackerLimits limits;
  limits.max_connections = cfg.max_connections;
  limits.idle_timeout_ns = uint64_t{cfg.conn_idle_timeout_s} * 1'000'000'000;
  pipeline::EventPipeline pipe(cfg.print, limits, core::MonotonicToRealtime(), control, [](const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
  });
  auto pod_watcher = start_kubernetes(cfg, pipe);
  for (uint16_t port : discovery::read_listening_ports()) pipe.tracker().listening_ports().add(port);
  // Every span feeds the RED metrics, then each trace exporter.
  metrics::HttpMetrics http_metrics(core::unix_now_ns());
  metrics::TcpMetrics tcp_metrics;
  pipe.enable_tcp_metrics(&tcp_metrics);
  std::unique_ptr<MetricsExport> metrics_export = MetricsExport::from_config(otlp_cfg.value(), [&] {
    auto snapshot = http_metrics.snapshot(core::unix_now_ns());
    snapshot.tcp = tcp_metrics.snapshot();
    return snapshot;
  });
  if (metrics_export)
    spdlog::info("metrics: exporting over {} every {} ms", metrics_export->describe(),
                 otlp_cfg.value().metric_export_interval.count());
  std::unique_ptr<admin::AgentAdmin> admin;  // kotel status/probes/conns/top/tail/explain
  pipe.enable_spans(span_settings(cfg), [&trace_exports, &http_metrics, &admin](spans::Span&& s) {
    http_metrics.record(s);
    if (admin) admin->on_span(s);
    for (size_t i = 0; i + 1 < trace_exports.size(); ++i) trace_exports[i]->offer(spans::Span(s));
    if (!trace_exports.empty()) trace_exports.back()->offer(std::move(s));
  });

  if (log_capture != LogCapture::kOff) {
    auto sink = [&log_export, &admin](logs::LogRecord&& r) {
      if (admin && admin->logs().has_subscribers()) admin->on_log(r);
      if (log_export) log_export->offer(std::move(r));
    };
    std::function<bool()> wanted;  // on demand: records only while someone tails them
    if (log_capture == LogCapture::kOnDemand) wanted = [&admin] { return admin && admin->logs().has_subscribers(); };
    pipe.enable_logs(log_settings(cfg), sink, wanted);
  }

  auto on_record = [&pipe](std::span<const std::byte> rec) { pipe.on_record(rec); };
  auto reader = probes.uses_ringbuf()
                    ? ingest::EventReader::ring(probes.ringbuf_fd(), on_record)
                    : ingest::EventReader::perf(probes.perf_fd(), cfg.perf_buffer_pages, cfg.wakeup_bytes, on_record);

  // The reader thread owns the pipeline; scrapes read this copy of its counters.
  std::mutex snapshot_mu;
  PipelineSnapshot snapshot;
  admin::AgentAdmin* admin_for_scrape = nullptr;  // under snapshot_mu: set once serving, cleared before it goes
  double records_per_second = 0;  // reader thread only, like the pipeline
  auto publish = [&] {
    std::lock_guard lock(snapshot_mu);
    snapshot = snapshot_of(pipe, reader->transport_lost());
    snapshot.records_per_second = records_per_second;
    auto fill = reader->fill();
    snapshot.buffer_size_bytes = fill.size_bytes;
    snapshot.buffer_peak_used_bytes = fill.peak_used_bytes;
  };
  std::unique_ptr<prometheus::MetricsServer> metrics;
  if (cfg.metrics_address != "off") {
    auto render = [&](prometheus::Format format) {
      SelfMetricsInput in{probes.read_counters(), {}, probes.attach_report(), resident_memory_bytes(), {}, {}};
      if (probes.run_stats_enabled()) in.programs = probes.program_stats();
      if (tls) in.tls = tls->stats();
      if (pod_watcher) in.kubernetes = {&pod_watcher->stats(), pod_watcher->pods()};
      for (const auto& e : trace_exports) in.exports.push_back({e->kind(), &e->stats()});
      if (metrics_export) in.exports.push_back({"otlp", &metrics_export->stats(), "metrics"});
      if (log_export) in.exports.push_back({"otlp", &log_export->stats(), "logs"});

      {
        std::lock_guard lock(snapshot_mu);
        in.pipeline = snapshot;
        if (admin_for_scrape) {  // the feeds lock their own state
          in.admin_span_view_drops = admin_for_scrape->feed().dropped();
          in.admin_event_view_drops = admin_for_scrape->events().dropped();
          in.admin_log_view_drops = admin_for_scrape->logs().dropped();
        }
      }
      auto families = self_metrics(in);
      auto red = prometheus::http_metric_families(
          http_metrics.snapshot(core::unix_now_ns()));
      families.insert(families.end(), std::make_move_iterator(red.begin()), std::make_move_iterator(red.end()));
      auto tcp = prometheus::tcp_metric_families(tcp_metrics.snapshot());
      families.insert(families.end(), std::make_move_iterator(tcp.begin()), std::make_move_iterator(tcp.end()));
      return prometheus::render(families, format);
    };
    metrics = std::make_unique<prometheus::MetricsServer>(cfg.metrics_address, render, [] { return true; });
    std::string host = cfg.metrics_address.substr(0, cfg.metrics_address.rfind(':'));
    spdlog::info("metrics: http://{}:{}/metrics", host == "0.0.0.0" || host.empty() ? "127.0.0.1" : host,
                 metrics->port());
  }

  pipe.set_reorder(!probes.uses_ringbuf());
  if (cfg.admin_socket != "off") {
    auto sources = admin_sources(pipe, *reader, probes, trace_exports, metrics_export.get());
    sources.log_capture = log_capture_name(log_capture);
    if (log_capture == LogCapture::kOnDemand)
      sources.set_log_capture = [&probes](bool on) {
        std::string error = probes.set_log_capture(on);
        if (!error.empty()) spdlog::warn("logs: capture for `kotel tail logs` failed: {}", error);
        else spdlog::info("logs: stdout/stderr capture {} (kotel tail logs)", on ? "started" : "stopped");
        return error;
      };
    admin = std::make_unique<admin::AgentAdmin>(cfg.admin_socket, std::move(sources));
  }
  if (admin) {
    std::lock_guard lock(snapshot_mu);
    admin_for_scrape = admin.get();
  }
  if (admin)  // kotel tail events: lines are made only while someone tails
    pipe.set_event_tap([&admin] { return admin->events().has_subscribers(); },
                       [&admin](pipeline::EventView&& v) { admin->on_event(std::move(v)); });

  std::atomic<bool> stop{false};
  std::thread reader_thread([&] {
    uint64_t next_tick = core::monotonic_now_ns();
    uint64_t last_tick = next_tick, records_at_tick = 0;
    uint64_t next_stats = next_tick + uint64_t{cfg.stats_interval_s} * 1'000'000'000;
    while (!stop.load(std::memory_order_relaxed)) {
      int n = reader->poll(static_cast<int>(cfg.poll_interval_ms));
      if (n < 0) spdlog::error("reading events failed: {}", strerror(-n));
      pipe.flush();
      if (n > 0) std::fflush(stdout);
      publish();
      if (admin) admin->serve();
      uint64_t now = core::monotonic_now_ns();
      if (now >= next_tick) {
        records_per_second = static_cast<double>(pipe.stats().records - records_at_tick) * 1e9 /
                             static_cast<double>(std::max<uint64_t>(now - last_tick, 1));
        records_at_tick = pipe.stats().records;
        last_tick = now;
        pipe.tick(now);
        next_tick = now + 1'000'000'000;
      }
      if (cfg.stats_interval_s && now >= next_stats) {
        log_stats(probes, pipe, *reader, "stats");
        next_stats = now + uint64_t{cfg.stats_interval_s} * 1'000'000'000;
      }
    }
    reader->poll(0);  // drain what arrived before the stop
    pipe.flush();
    std::fflush(stdout);
  });

  spdlog::info("kotel agent ready: io-hooks={} transport={} payload={}B print={} (pid {})",
               probes.io_hooks() == probes::IoHooks::kSocket ? "socket" : "syscall", reader->name(),
               cfg.payload_bytes, config::to_string(cfg.print), getpid());
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("received {}, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
  stop = true;
  reader_thread.join();
  {
    std::lock_guard lock(snapshot_mu);
    admin_for_scrape = nullptr;
  }
  admin.reset();
  log_stats(probes, pipe, *reader, "final");
  for (auto& e : trace_exports) e->stop(std::chrono::seconds(5));
  if (log_export) log_export->stop(std::chrono::seconds(5));
  if (metrics_export) metrics_export->stop(std::chrono::seconds(5));
  return 0;
}

}  // namespace kotel::cli
