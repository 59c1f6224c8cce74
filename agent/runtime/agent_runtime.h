#pragma once
// The running agent: owns the probes, the reader thread and the pipeline it
// drives, the exporters, the /metrics endpoint and the admin server, and
// wires them together. The CLI builds one from the configuration, starts it,
// waits for a signal and stops it; everything else happens here.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "admin/agent_admin.h"
#include "config/config.h"
#include "config/otlp_config.h"
#include "exporters/otlp/otlp_export.h"
#include "exporters/prometheus/metrics_server.h"
#include "ingest/event_reader.h"
#include "kubernetes/pod_watcher.h"
#include "metrics/http_metrics.h"
#include "metrics/db_metrics.h"
#include "metrics/tcp_metrics.h"
#include "pipeline/event_pipeline.h"
#include "probes/bpf_probes.h"
#include "probes/tls/tls_attacher.h"
#include "runtime/log_capture.h"
#include "runtime/self_metrics/self_metrics.h"

namespace kotel::runtime {

class AgentRuntime {
 public:
  // Loads and attaches the probes and builds every stage, exporter and
  // endpoint. Throws core::FatalError when one cannot be set up. Threads it
  // starts inherit the caller's signal mask: block SIGINT/SIGTERM first.
  AgentRuntime(const config::Config& cfg, const config::OtlpConfig& otlp);
  ~AgentRuntime();
  AgentRuntime(const AgentRuntime&) = delete;
  AgentRuntime& operator=(const AgentRuntime&) = delete;

  // Starts the reader thread: events flow from here on.
  void start();
  // Stops reading (what arrived is drained), the admin server and the
  // endpoint, then flushes the exporters side by side, all within `deadline`.
  void stop(std::chrono::milliseconds deadline);
  // Exporters still in a call when stop() gave up on them: the process must
  // then exit without destroying them (std::_Exit), as they are still in use.
  size_t stragglers() const { return stragglers_; }

 private:
  void build_exports();
  void build_pipeline();
  void build_metrics_endpoint();
  void build_admin();
  void read_loop();
  void expire_metrics();
  void publish_snapshot();
  std::string render_metrics(prometheus::Format format);

  const config::Config cfg_;
  const config::OtlpConfig otlp_;
  LogCapture log_capture_;
  std::vector<std::unique_ptr<otlp::TraceExport>> trace_exports_;
  std::unique_ptr<otlp::LogExport> log_export_;
  std::unique_ptr<probes::BpfProbes> probes_;
  std::unique_ptr<probes::tls::TlsAttacher> tls_;
  std::unique_ptr<probes::user::UserProbes> user_probes_;  // config `probes:`
  std::unique_ptr<metrics::UserProbeMetrics> user_probe_metrics_;
  std::unique_ptr<pipeline::EventPipeline> pipe_;
  std::unique_ptr<kubernetes::PodWatcher> pod_watcher_;
  metrics::HttpMetrics http_metrics_;
  metrics::TcpMetrics tcp_metrics_;
  metrics::DbMetrics db_metrics_;
  std::unique_ptr<otlp::MetricsExport> metrics_export_;
  std::unique_ptr<ingest::EventReader> reader_;
  std::unique_ptr<prometheus::MetricsServer> metrics_server_;
  std::atomic<const prometheus::EndpointStats*> endpoint_stats_{nullptr};  // set once the server runs
  std::unique_ptr<admin::AgentAdmin> admin_;  // kotel status/probes/conns/top/tail/explain

  // The reader thread owns the pipeline; scrapes read this copy of its counters.
  std::mutex snapshot_mu_;
  PipelineSnapshot snapshot_;
  admin::AgentAdmin* admin_for_scrape_ = nullptr;  // under snapshot_mu_: set while serving
  double records_per_second_ = 0;                  // reader thread only

  std::atomic<bool> stop_{false};
  std::thread reader_thread_;
  bool stopped_ = false;
  size_t stragglers_ = 0;
};

}  // namespace kotel::runtime
