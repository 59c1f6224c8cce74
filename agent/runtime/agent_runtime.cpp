#include "runtime/agent_runtime.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/clock.h"
#include "core/fatal_error.h"
#include "discovery/proc_net.h"
#include "exporters/console/console_printer.h"
#include "exporters/prometheus/http_metrics_families.h"
#include "probes/host_checks.h"
#include "runtime/admin_sources.h"
#include "runtime/stage_settings.h"
#include "runtime/stats_log.h"

namespace kotel::runtime {
namespace {

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

// A collector on this host would be traced receiving kotel's own exports,
// whose spans it would then receive: a loop. Its port is left alone.
void exclude_local_otlp_ports(const config::OtlpConfig& otlp, probes::ProbeOptions& opts) {
  for (const auto* signal : {&otlp.traces, &otlp.metrics, &otlp.logs}) {
    const auto& url = signal->url;
    bool local = url.host == "127.0.0.1" || url.host == "localhost" || url.host == "::1";
    auto& ex = opts.exclude_ports;
    if (signal->otlp && local && std::find(ex.begin(), ex.end(), url.port) == ex.end()) {
      ex.push_back(url.port);
      spdlog::info("not tracing connections on port {}: the local OTLP endpoint", url.port);
    }
  }
}

}  // namespace

AgentRuntime::AgentRuntime(const config::Config& cfg, const config::OtlpConfig& otlp)
    : cfg_(cfg), otlp_(otlp), log_capture_(log_capture_of(cfg, otlp)), http_metrics_(core::unix_now_ns()) {
  probes::require_host_ready();
  // Every declared probe is checked against its file before anything is
  // loaded or attached: a bad one stops the agent (exit 2) with nothing attached.
  if (auto ok = probes::user::check_user_probes(cfg_.user_probes); !ok) throw core::ConfigError(ok.error());
  build_exports();

  probes::ProbeOptions probe_opts = probe_options(cfg_);
  probe_opts.logs = log_capture_ == LogCapture::kOn;
  probe_opts.logs_on_demand = log_capture_ == LogCapture::kOnDemand;
  exclude_local_otlp_ports(otlp_, probe_opts);
  probes_ = std::make_unique<probes::BpfProbes>(probe_opts);
  if (cfg_.bpf_stats && probes_->enable_run_stats()) spdlog::info("BPF run-time statistics on (--bpf-stats)");
  for (const auto& line : probes::format_attach_report(probes_->attach_report())) spdlog::info("hook {}", line);
  if (cfg_.tls) tls_ = std::make_unique<probes::tls::TlsAttacher>(probes_->tls_programs());
  else spdlog::info("tls: plaintext capture off (--tls off)");
  if (!cfg_.user_probes.empty()) {
    user_probes_ = std::make_unique<probes::user::UserProbes>(cfg_.user_probes, probes_->user_probe_programs());
    if (auto ok = user_probes_->attach(); !ok)
      throw core::FatalError(ok.error(), "check the probe's binary and that the agent runs as root (uprobes need CAP_SYS_ADMIN)");
    std::vector<std::string> names;
    for (const auto& p : cfg_.user_probes) {
      names.push_back(p.name);
      spdlog::info("probe {}: attached to {} (at most {} calls/s{})", p.name, probes::user::user_probe_target(p),
                   p.max_per_second, p.span ? "" : ", histogram only");
    }
    user_probe_metrics_ = std::make_unique<metrics::UserProbeMetrics>(std::move(names));
  }

  build_pipeline();
  auto on_record = [this](std::span<const std::byte> rec) { pipe_->on_record(rec); };
  reader_ = probes_->uses_ringbuf()
                ? ingest::EventReader::ring(probes_->ringbuf_fd(), on_record)
                : ingest::EventReader::perf(probes_->perf_fd(), cfg_.perf_buffer_pages, cfg_.wakeup_bytes, on_record);
  pipe_->set_reorder(!probes_->uses_ringbuf());
  build_metrics_endpoint();
  build_admin();
}

AgentRuntime::~AgentRuntime() {
  if (!stopped_) stop(std::chrono::seconds(5));
}

void AgentRuntime::build_exports() {
  if (auto traces = otlp::TraceExport::from_config(otlp_)) {
    spdlog::info("traces: exporting over {}", traces->describe());
    trace_exports_.push_back(std::move(traces));
  }
  if (!cfg_.spans_file.empty()) {
    trace_exports_.push_back(otlp::TraceExport::to_file(cfg_.spans_file, otlp_));
    spdlog::info("traces: appending to {}", cfg_.spans_file);
  }
  bool logs_on = log_capture_ == LogCapture::kOn;
  if (logs_on) log_export_ = otlp::LogExport::from_config(otlp_);
  if (log_export_) spdlog::info("logs: exporting over {}", log_export_->describe());
  else if (otlp_.logs.otlp) spdlog::info("logs: capture off (--logs off), so none are exported");
  if (log_capture_ == LogCapture::kOnDemand)
    spdlog::info("logs: stdout/stderr capture on demand, while `kotel tail logs` runs (--logs auto, no consumer)");
  else if (!logs_on) spdlog::info("logs: stdout/stderr capture off (--logs {})", config::to_string(cfg_.logs));
}

void AgentRuntime::build_pipeline() {
  pipeline::KernelControl control{[this](uint32_t pid, int32_t fd) { probes_->forget_connection(pid, fd); },
                                  [this](uint64_t gen) { probes_->mute_payload(gen); }};
  if (tls_) {
    control.process_exec = [this](uint32_t pid) { tls_->on_exec(pid); };
    control.process_exit = [this](uint32_t pid) { tls_->on_exit(pid); };
    control.process_fork = [this](uint32_t parent, uint32_t child) { tls_->on_fork(parent, child); };
  }
  connections::TrackerLimits limits;
  limits.max_connections = cfg_.max_connections;
  limits.idle_timeout_ns = uint64_t{cfg_.conn_idle_timeout_s} * 1'000'000'000;
  pipe_ = std::make_unique<pipeline::EventPipeline>(
      cfg_.print, limits, core::MonotonicToRealtime(), control,
      std::make_shared<console::ConsolePrinter>(console::ConsolePrinter::to_stdout()));
  pod_watcher_ = start_kubernetes(cfg_, *pipe_);
  for (uint16_t port : discovery::read_listening_ports()) pipe_->tracker().listening_ports().add(port);
  pipe_->enable_tcp_metrics(&tcp_metrics_);
  if (user_probe_metrics_) pipe_->enable_user_probes(cfg_.user_probes, user_probe_metrics_.get());
  metrics_export_ = otlp::MetricsExport::from_config(otlp_, [this] {
    auto snapshot = http_metrics_.snapshot(core::unix_now_ns());
    snapshot.tcp = tcp_metrics_.snapshot();
    return snapshot;
  });
  if (metrics_export_)
    spdlog::info("metrics: exporting over {} every {} ms", metrics_export_->describe(),
                 otlp_.metric_export_interval.count());
  // Every span feeds the RED metrics, the admin views, then each trace exporter.
  pipe_->enable_spans(span_settings(cfg_, otlp_), [this](spans::Span&& s) {
    http_metrics_.record(s);  // every request, sampled or not
    db_metrics_.record(s);
    if (admin_) admin_->on_span(s);
    if (s.withheld != spans::Withheld::kNo) return;  // sampled out, or its process exports its own
    for (size_t i = 0; i + 1 < trace_exports_.size(); ++i) trace_exports_[i]->offer(spans::Span(s));
    if (!trace_exports_.empty()) trace_exports_.back()->offer(std::move(s));
  });
  if (log_capture_ != LogCapture::kOff) {
    auto sink = [this](logs::LogRecord&& r) {
      if (admin_ && admin_->logs().has_subscribers()) admin_->on_log(r);
      if (log_export_) log_export_->offer(std::move(r));
    };
    std::function<bool()> wanted;  // on demand: records only while someone tails them
    if (log_capture_ == LogCapture::kOnDemand) wanted = [this] { return admin_ && admin_->logs().has_subscribers(); };
    pipe_->enable_logs(log_settings(cfg_), sink, wanted);
  }
}

std::string AgentRuntime::render_metrics(prometheus::Format format) {
  SelfMetricsInput in{probes_->read_counters(), {}, probes_->attach_report(), resident_memory_bytes(), {}, {}};
  if (probes_->run_stats_enabled()) in.programs = probes_->program_stats();
  if (tls_) in.tls = tls_->stats();
  if (pod_watcher_) in.kubernetes = {&pod_watcher_->stats(), pod_watcher_->pods()};
  for (const auto& e : trace_exports_) in.exports.push_back({e->kind(), &e->stats()});
  if (metrics_export_) in.exports.push_back({"otlp", &metrics_export_->stats(), "metrics"});
  if (log_export_) in.exports.push_back({"otlp", &log_export_->stats(), "logs"});
  in.endpoint = endpoint_stats_.load();
  if (user_probes_) in.user_probes = user_probes_->status();
  if (user_probe_metrics_) in.user_probe_durations = user_probe_metrics_->snapshot();
  in.series = {http_metrics_.series(), tcp_metrics_.series(), http_metrics_.expired() + tcp_metrics_.expired()};
  {
    std::lock_guard lock(snapshot_mu_);
    in.pipeline = snapshot_;
    if (admin_for_scrape_) {  // the feeds lock their own state
      in.admin_span_view_drops = admin_for_scrape_->feed().dropped();
      in.admin_event_view_drops = admin_for_scrape_->events().dropped();
      in.admin_log_view_drops = admin_for_scrape_->logs().dropped();
    }
  }
  auto families = self_metrics(in);
  auto red = prometheus::http_metric_families(http_metrics_.snapshot(core::unix_now_ns()));
  families.insert(families.end(), std::make_move_iterator(red.begin()), std::make_move_iterator(red.end()));
  auto db = prometheus::db_metric_families(db_metrics_.snapshot(), db_metrics_.overflowed());
  families.insert(families.end(), std::make_move_iterator(db.begin()), std::make_move_iterator(db.end()));
  auto tcp = prometheus::tcp_metric_families(tcp_metrics_.snapshot());
  families.insert(families.end(), std::make_move_iterator(tcp.begin()), std::make_move_iterator(tcp.end()));
  return prometheus::render(families, format);
}

void AgentRuntime::build_metrics_endpoint() {
  if (cfg_.metrics_address == "off") return;
  prometheus::EndpointOptions options;
  options.address = cfg_.metrics_address;
  options.web_config_file = cfg_.metrics_web_config;
  metrics_server_ = std::make_unique<prometheus::MetricsServer>(
      options, [this](prometheus::Format f) { return render_metrics(f); }, [] { return true; });
  endpoint_stats_ = &metrics_server_->stats();
  std::string host = cfg_.metrics_address.substr(0, cfg_.metrics_address.rfind(':'));
  spdlog::info("metrics: {}://{}:{}/metrics{}", metrics_server_->tls() ? "https" : "http",
               host == "0.0.0.0" || host.empty() ? "127.0.0.1" : host, metrics_server_->port(),
               cfg_.metrics_web_config.empty() ? "" : " (web config " + cfg_.metrics_web_config + ")");
}

void AgentRuntime::build_admin() {
  if (cfg_.admin_socket == "off") return;
  auto sources = admin_sources(*pipe_, *reader_, *probes_, trace_exports_, metrics_export_.get());
  sources.log_capture = log_capture_name(log_capture_);
  sources.user_probes = user_probes_.get();
  if (log_capture_ == LogCapture::kOnDemand)
    sources.set_log_capture = [this](bool on) {
      auto changed = probes_->set_log_capture(on);
      if (!changed) spdlog::warn("logs: capture for `kotel tail logs` failed: {}", changed.error());
      else spdlog::info("logs: stdout/stderr capture {} (kotel tail logs)", on ? "started" : "stopped");
      return changed;
    };
  admin_ = std::make_unique<admin::AgentAdmin>(cfg_.admin_socket, std::move(sources));
  {
    std::lock_guard lock(snapshot_mu_);
    admin_for_scrape_ = admin_.get();
  }
  // kotel tail events: lines are made only while someone tails.
  pipe_->set_event_tap([this] { return admin_->events().has_subscribers(); },
                       [this](const pipeline::EventView& v) { admin_->on_event(v); });
}

void AgentRuntime::start() {
  reader_thread_ = std::thread([this] { read_loop(); });
  spdlog::info("kotel agent ready: io-hooks={} transport={} payload={}B print={} (pid {})",
               probes_->io_hooks() == probes::IoHooks::kSocket ? "socket" : "syscall", reader_->name(),
               cfg_.payload_bytes, config::to_string(cfg_.print), getpid());
}

void AgentRuntime::publish_snapshot() {
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = snapshot_of(*pipe_, reader_->transport_lost());
  snapshot_.records_per_second = records_per_second_;
  auto fill = reader_->fill();
  snapshot_.buffer_size_bytes = fill.size_bytes;
  snapshot_.buffer_peak_used_bytes = fill.peak_used_bytes;
}

void AgentRuntime::read_loop() {
  uint64_t next_tick = core::monotonic_now_ns();
  uint64_t last_tick = next_tick, records_at_tick = 0;
  uint64_t next_stats = next_tick + uint64_t{cfg_.stats_interval_s} * 1'000'000'000;
  while (!stop_.load(std::memory_order_relaxed)) {
    int n = reader_->poll(static_cast<int>(cfg_.poll_interval_ms));
    if (n < 0) spdlog::error("reading events failed: {}", strerror(-n));
    pipe_->flush();
    if (n > 0) std::fflush(stdout);
    publish_snapshot();
    if (admin_) admin_->serve();
    uint64_t now = core::monotonic_now_ns();
    if (now >= next_tick) {
      records_per_second_ = static_cast<double>(pipe_->stats().records - records_at_tick) * 1e9 /
                            static_cast<double>(std::max<uint64_t>(now - last_tick, 1));
      records_at_tick = pipe_->stats().records;
      last_tick = now;
      pipe_->tick(now);
      expire_metrics();
      next_tick = now + 1'000'000'000;
    }
    if (cfg_.stats_interval_s && now >= next_stats) {
      log_stats(*probes_, *pipe_, *reader_, "stats");
      next_stats = now + uint64_t{cfg_.stats_interval_s} * 1'000'000'000;
    }
  }
  reader_->poll(0);  // drain what arrived before the stop
  pipe_->flush();
  std::fflush(stdout);
}

// Series of services gone quiet leave once their last value was exported (or
// at once without an OTLP metrics exporter: a scrape reads them live).
void AgentRuntime::expire_metrics() {
  uint64_t now = core::unix_now_ns();
  uint64_t stale = uint64_t{cfg_.metrics_stale_after_s} * 1'000'000'000;
  uint64_t exported = metrics_export_ ? metrics_export_->exported_through() : now;
  http_metrics_.expire(now, stale, exported);
  tcp_metrics_.expire(now, stale, exported);
}

void AgentRuntime::stop(std::chrono::milliseconds deadline) {
  if (stopped_) return;
  stopped_ = true;
  stop_ = true;
  if (reader_thread_.joinable()) reader_thread_.join();
  {
    std::lock_guard lock(snapshot_mu_);
    admin_for_scrape_ = nullptr;
  }
  admin_.reset();
  metrics_server_.reset();
  log_stats(*probes_, *pipe_, *reader_, "final");
  // One deadline for the whole shutdown: the exporters flush side by side,
  // each with what is left of it. One still in a call past the deadline (a
  // hung collector) is not waited for: the caller exits without it.
  // The kernel's detach of the hooks after this takes up to ~1 s here (each
  // tracepoint link waits for RCU; probes/link_teardown.h): keep room for it.
  constexpr auto kTeardown = std::chrono::milliseconds(1500);
  auto end = std::chrono::steady_clock::now() + std::max(deadline - kTeardown, std::chrono::milliseconds(0));
  auto left = [end] {
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()));
  };
  std::vector<std::function<void()>> stops;
  for (auto& e : trace_exports_) stops.push_back([&e, left] { e->stop(left()); });
  if (log_export_) stops.push_back([this, left] { log_export_->stop(left()); });
  if (metrics_export_) stops.push_back([this, left] { metrics_export_->stop(left()); });
  auto pending = std::make_shared<std::atomic<size_t>>(stops.size());
  auto done_mu = std::make_shared<std::mutex>();
  auto done_cv = std::make_shared<std::condition_variable>();
  for (auto& stop_one : stops) {
    std::thread([stop_one, pending, done_mu, done_cv] {
      stop_one();
      std::lock_guard lock(*done_mu);
      pending->fetch_sub(1);
      done_cv->notify_all();
    }).detach();
  }
  std::unique_lock lock(*done_mu);
  constexpr auto kGrace = std::chrono::milliseconds(200);  // a call cut at the deadline returns just after it
  done_cv->wait_until(lock, end + kGrace, [&] { return pending->load() == 0; });
  stragglers_ = pending->load();
  if (stragglers_)
    spdlog::warn("shutdown: {} exporter(s) still in a call at the {} ms deadline: exiting without waiting for them",
                 stragglers_, deadline.count());
}

}  // namespace kotel::runtime
