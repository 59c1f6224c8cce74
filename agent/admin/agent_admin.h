#pragma once
// The agent's side of the admin API: what the reader thread keeps for it (the
// span history, live span streams, rate samples), the tasks it runs for it,
// and the server on the unix socket. Built by `kotel agent`.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "admin/event_feed.h"
#include "admin/log_feed.h"
#include "admin/reader_bridge.h"
#include "admin/span_feed.h"
#include "admin/span_history.h"
#include "core/result.h"
#include "exporters/common/batch_processor.h"
#include "logs/log_record.h"
#include "pipeline/event_pipeline.h"
#include "probes/bpf_probes.h"

namespace kotel::admin {

class AdminServer;
class AdminService;

// What the admin API reads. `pipe` and `transport_lost` only on the reader
// thread (through the bridge); the rest from any thread.
struct AdminSources {
  const pipeline::EventPipeline* pipe = nullptr;
  std::function<uint64_t()> transport_lost;
  const probes::BpfProbes* probes = nullptr;
  std::string transport;  // ring | perf
  std::string io_hooks;   // socket | syscall
  struct Export {
    std::string signal;
    std::string exporter;
    const exporters::BatchStats* stats;
  };
  std::vector<Export> exports;
  std::function<uint64_t()> rss_bytes;
  // Capture of stdout/stderr: "on" (always), "off", or "on demand" (--logs
  // auto with no consumer), when `set_log_capture` (reader thread) attaches
  // or detaches it, or fails with why it could not.
  std::string log_capture = "off";
  std::function<core::Result<void>(bool on)> set_log_capture;
  const probes::user::UserProbes* user_probes = nullptr;  // config `probes:`; null: none
};

// What a `kotel tail logs` stream reports first.
struct LogCaptureState {
  bool live = false;
  std::string error;  // on demand: why capture could not start
};

// Reader-thread figures for `kotel status`'s rates: taken once a second.
struct RateSample {
  uint64_t mono_ns = 0;
  uint64_t records = 0;
  uint64_t spans = 0;
};

class AgentAdmin {
 public:
  // Serves on `socket_path` (its directory created 0700, the socket 0600).
  // Throws core::FatalError when the socket cannot be set up.
  AgentAdmin(const std::string& socket_path, AdminSources sources);
  ~AgentAdmin();

  // Reader thread: every span, before it goes to the exporters.
  void on_span(const spans::Span& span);
  // Reader thread: every kernel event while someone tails them (events().has_subscribers()).
  void on_event(const pipeline::EventView& ev);
  // Reader thread: every log record while someone tails them (logs().has_subscribers()).
  void on_log(const logs::LogRecord& r);
  // Reader thread, once per loop: runs the admin's waiting tasks and, with
  // on-demand log capture, attaches it while someone tails logs.
  void serve();

  // For the service (any thread).
  ReaderBridge& bridge() { return bridge_; }
  SpanFeed& feed() { return feed_; }
  EventFeed& events() { return events_; }
  LogFeed& logs() { return logs_; }
  // A `kotel tail logs` client and the processes reading its output through
  // pipes: what they write never reaches a tail (it would print itself, or two
  // tails each other, without end). Counted: two tails may share a reader.
  void hide_from_tails(const std::vector<uint32_t>& pids, bool hide);
  LogCaptureState log_capture_state() const;
  const AdminSources& sources() const { return sources_; }
  std::chrono::steady_clock::time_point started() const { return started_; }
  // Reader thread only (through the bridge).
  const SpanHistory& history() const { return history_; }
  const RateSample& previous_sample() const { return previous_; }
  std::string service_of(uint32_t pid) const;

 private:
  AdminSources sources_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  ReaderBridge bridge_;
  SpanFeed feed_;
  EventFeed events_;
  LogFeed logs_;
  mutable std::mutex capture_mu_;
  LogCaptureState capture_;  // under capture_mu_; written by the reader thread
  bool capture_failed_ = false;  // reader thread: no retry until the tails are gone
  std::mutex hidden_mu_;
  std::unordered_map<uint32_t, uint32_t> hidden_pids_;  // under hidden_mu_: pid -> tails hiding it
  SpanHistory history_;
  std::unordered_map<uint32_t, std::string> services_by_pid_;  // from the spans seen
  RateSample previous_, current_;
  std::unique_ptr<AdminService> service_;
  std::unique_ptr<AdminServer> server_;
};

}  // namespace kotel::admin
