#include "admin/admin_service.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "admin/agent_admin.h"
#include "admin/top_table.h"
#include "core/clock.h"
#include "core/version.h"
#include "discovery/pipe_readers.h"
#include "exporters/console/event_format.h"
#include "probes/kernel_counters.h"
#include "core/hex.h"

namespace kotel::admin {
namespace {

using namespace std::chrono_literals;
constexpr auto kReaderTimeout = 2000ms;

grpc::Status reader_busy() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the agent's reader thread did not answer within 2 s");
}

void add_counter(google::protobuf::RepeatedPtrField<v1::Counter>* list, std::string name, uint64_t value) {
  auto* c = list->Add();
  c->set_name(std::move(name));
  c->set_value(value);
}

// Waits for on-demand log capture to attach (the reader thread does it on
// its next loop): "" once live, else why not.
std::string wait_for_log_capture(const AgentAdmin& admin, grpc::ServerContext* ctx) {
  auto deadline = std::chrono::steady_clock::now() + kReaderTimeout;
  while (!ctx->IsCancelled()) {
    LogCaptureState st = admin.log_capture_state();
    if (st.live) return "";
    if (!st.error.empty()) return "log capture could not start: " + st.error;
    if (std::chrono::steady_clock::now() > deadline) return "the agent's reader thread did not start log capture within 2 s";
    std::this_thread::sleep_for(5ms);
  }
  return "cancelled";
}

void fill_log_line(LogEntry&& e, uint64_t missed, v1::LogLine* out) {
  out->set_unix_ns(e.unix_ns);
  out->set_pid(e.pid);
  out->set_service(std::move(e.service));
  out->set_source(std::move(e.source));
  out->set_severity_number(static_cast<uint32_t>(e.severity_number));
  out->set_severity_text(std::move(e.severity_text));
  out->set_event_name(std::move(e.event_name));
  out->set_body(std::move(e.body));
  out->set_trace_id(std::move(e.trace_id));
  out->set_span_id(std::move(e.span_id));
  out->set_line(std::move(e.line));
  out->set_missed(missed);
}

double per_second(uint64_t now_value, uint64_t then_value, uint64_t now_ns, uint64_t then_ns) {
  if (then_ns == 0 || now_ns <= then_ns) return 0;
  return static_cast<double>(now_value - then_value) * 1e9 / static_cast<double>(now_ns - then_ns);
}

// Reader thread: the pipeline's figures for `kotel status`.
void pipeline_status(const AgentAdmin& admin, v1::StatusReply* out) {
  const auto& pipe = *admin.sources().pipe;
  const auto& s = pipe.stats();
  const auto& t = pipe.tracker().stats();
  uint64_t now = core::monotonic_now_ns();
  const RateSample& then = admin.previous_sample();
  out->set_records(s.records);
  out->set_records_per_s(per_second(s.records, then.records, now, then.mono_ns));
  out->set_tracked_connections(pipe.tracker().size());
  out->set_span_history(static_cast<uint32_t>(admin.history().size()));
  auto* drops = out->mutable_drops();
  add_counter(drops, "transport_lost", admin.sources().transport_lost());
  add_counter(drops, "decode_errors", s.decode_errors);
  add_counter(drops, "conn_evicted_table_full", t.evicted_cap);
  add_counter(drops, "conn_gap_events", t.gap_events);
  add_counter(drops, "conn_gap_bytes", t.gap_bytes);
  if (const auto* http = pipe.http()) {
    const auto& b = http->builder().stats();
    const auto& st = http->stitch_stats();
    uint64_t spans = b.server_spans + b.client_spans;
    out->set_spans(spans);
    out->set_spans_per_s(per_second(spans, then.spans, now, then.mono_ns));
    out->set_http_connections(http->connections());
    add_counter(drops, "http_orphan_responses", st.orphan_responses);
    add_counter(drops, "http_unusable_heads", st.unusable_heads);
    add_counter(drops, "http_lost_exchanges", st.lost_exchanges);
    add_counter(drops, "http_lost_bodies", st.lost_bodies);
    out->set_sdk_spans_withheld(http->builder().settings().withhold_sdk_spans);
    for (const auto& p : http->builder().sdk_processes().list()) {
      auto* x = out->add_sdk_processes();
      x->set_pid(p.pid);
      x->set_service(p.service);
      x->set_evidence(spans::sdk_evidence_name(p.evidence));
      x->set_detail(p.detail);
      x->set_spans(p.spans);
    }
  }
}

}  // namespace

grpc::Status AdminService::Status(grpc::ServerContext*, const v1::StatusRequest*, v1::StatusReply* out) {
  const AdminSources& src = admin_.sources();
  out->set_version(core::kVersion);
  out->set_git_revision(core::kGitRevision);
  out->set_agent_pid(static_cast<uint32_t>(getpid()));
  out->set_uptime_s(static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - admin_.started()).count()));
  utsname u{};
  if (uname(&u) == 0) out->set_kernel_release(u.release);
  out->set_transport(src.transport);
  out->set_io_hooks(src.io_hooks);
  for (const auto& h : src.probes->attach_report()) {
    if (h.state == probes::HookState::kAttached) out->set_hooks_attached(out->hooks_attached() + 1);
    else if (h.state == probes::HookState::kFailed) out->set_hooks_failed(out->hooks_failed() + 1);
    else out->set_hooks_disabled(out->hooks_disabled() + 1);
  }
  if (!admin_.bridge().run([&] { pipeline_status(admin_, out); }, kReaderTimeout)) return reader_busy();
  auto kernel = src.probes->read_counters();
  for (const auto& [name, idx] : probes::counter_names())
    if (name.rfind("drop_", 0) == 0 || name == "payload_read_fault") add_counter(out->mutable_drops(), "kernel_" + name, kernel.at(idx));
  add_counter(out->mutable_drops(), "admin_subscriber_drops", admin_.feed().dropped());
  add_counter(out->mutable_drops(), "admin_event_subscriber_drops", admin_.events().dropped());
  add_counter(out->mutable_drops(), "admin_log_subscriber_drops", admin_.logs().dropped());
  for (const auto& e : src.exports) {
    auto* x = out->add_exports();
    x->set_signal(e.signal);
    x->set_exporter(e.exporter);
    x->set_offered(e.stats->offered);
    x->set_exported(e.stats->exported);
    x->set_dropped(e.stats->dropped_queue_full + e.stats->dropped_permanent + e.stats->dropped_retries +
                   e.stats->rejected);
    x->set_failures(e.stats->failures);
    x->set_queued(e.stats->queued);
    x->set_queued_bytes(e.stats->queued_bytes);
    x->set_queue_limit_bytes(e.stats->queue_limit_bytes);
    auto last = e.stats->last_error.get();
    x->set_last_error(last.text);
    x->set_last_error_unix_ns(last.unix_ns);
  }
  if (src.rss_bytes) out->set_rss_bytes(src.rss_bytes());
  return grpc::Status::OK;
}

grpc::Status AdminService::Probes(grpc::ServerContext*, const v1::ProbesRequest*, v1::ProbesReply* out) {
  const auto& probes = *admin_.sources().probes;
  std::vector<probes::BpfProbes::ProgramStats> stats;
  if (probes.run_stats_enabled()) stats = probes.program_stats();
  out->set_run_stats(probes.run_stats_enabled());
  for (const auto& h : probes.attach_report()) {
    auto* x = out->add_hooks();
    x->set_program(h.program);
    x->set_hook(h.hook);
    x->set_feature(h.feature);
    x->set_required(h.required);
    x->set_state(probes::to_string(h.state));
    x->set_reason(h.reason);
    for (const auto& s : stats) {
      if (s.hook != h.hook) continue;
      x->set_runs(s.runs);
      x->set_avg_run_ns(s.runs ? s.run_time_ns / s.runs : 0);
    }
  }
  auto kernel = probes.read_counters();
  for (const auto& [name, idx] : probes::counter_names()) add_counter(out->mutable_kernel_counters(), name, kernel.at(idx));
  if (const auto* user = admin_.sources().user_probes) {
    for (const auto& p : user->status()) {
      auto* x = out->add_user_probes();
      x->set_name(p.name);
      x->set_target(p.target);
      x->set_attached(p.attached);
      x->set_hits(p.hits);
      x->set_rate_dropped(p.rate_dropped);
      x->set_nested(p.nested);
      x->set_read_faults(p.read_faults);
    }
  }
  return grpc::Status::OK;
}

grpc::Status AdminService::Conns(grpc::ServerContext*, const v1::ConnsRequest* req, v1::ConnsReply* out) {
  auto copy = [&] {
    const auto& tracker = admin_.sources().pipe->tracker();
    uint64_t now = core::monotonic_now_ns();
    out->set_tracked(tracker.size());
    tracker.for_each([&](const connections::Connection& c) {
      if (req->pid() && c.key.pid != req->pid()) return;
      const char* proto = protocols::protocol_name(c.protocol);
      if (!req->proto().empty() && req->proto() != proto) return;
      std::string service = admin_.service_of(c.key.pid);
      if (!req->service().empty() && req->service() != service) return;
      auto* x = out->add_conns();
      x->set_pid(c.key.pid);
      x->set_fd(c.key.fd);
      x->set_generation(c.key.gen);
      x->set_service(service);
      x->set_role(connections::role_name(c.role));
      if (c.tuple_known) {
        x->set_local(console::format_endpoint(c.tuple.local));
        x->set_remote(console::format_endpoint(c.tuple.remote));
      }
      x->set_protocol(proto);
      x->set_bytes_out(c.stats(ingest::Direction::kEgress).bytes_seen + c.stats(ingest::Direction::kEgress).gap_bytes);
      x->set_bytes_in(c.stats(ingest::Direction::kIngress).bytes_seen + c.stats(ingest::Direction::kIngress).gap_bytes);
      x->set_age_ms(c.opened_ns && now > c.opened_ns ? (now - c.opened_ns) / 1'000'000 : 0);
      x->set_gaps(c.dir[0].gaps + c.dir[1].gaps);
      x->set_gap_bytes(c.dir[0].gap_bytes + c.dir[1].gap_bytes);
      x->set_closed(c.closed);
    });
  };
  return admin_.bridge().run(copy, kReaderTimeout) ? grpc::Status::OK : reader_busy();
}

grpc::Status AdminService::TailSpans(grpc::ServerContext* ctx, const v1::TailRequest* req,
                                     grpc::ServerWriter<v1::SpanRecord>* out) {
  SpanFilter f{req->service(), req->pid(), req->min_duration_ns(), req->errors_only()};
  auto sub = admin_.feed().subscribe(f);
  v1::SpanRecord record;
  bool open = true;
  while (open && !ctx->IsCancelled()) {
    for (const auto& e : sub->take(200ms)) {
      record.Clear();
      fill_record(e, &record);
      if (!(open = out->Write(record))) break;
    }
  }
  admin_.feed().unsubscribe(sub);
  return grpc::Status::OK;
}

grpc::Status AdminService::Top(grpc::ServerContext* ctx, const v1::TopRequest* req,
                               grpc::ServerWriter<v1::TopFrame>* out) {
  auto interval = std::chrono::milliseconds(req->interval_ms() ? req->interval_ms() : 1000);
  auto sub = admin_.feed().subscribe({});
  TopTable table;
  auto window_start = std::chrono::steady_clock::now();
  while (!ctx->IsCancelled()) {
    for (const auto& e : sub->take(100ms)) table.add(e);
    auto now = std::chrono::steady_clock::now();
    if (now - window_start < interval) continue;
    v1::TopFrame frame;
    table.take_frame(static_cast<uint64_t>(std::chrono::nanoseconds(now - window_start).count()), &frame);
    frame.set_dropped(sub->dropped());
    window_start = now;
    if (!out->Write(frame)) break;
  }
  admin_.feed().unsubscribe(sub);
  return grpc::Status::OK;
}

grpc::Status AdminService::Explain(grpc::ServerContext*, const v1::ExplainRequest* req, v1::ExplainReply* out) {
  const std::string& id = req->id();
  std::vector<uint8_t> bytes(id.size() / 2);
  if ((id.size() != 32 && id.size() != 16) ||
      !core::decode_hex_padded(id, bytes, core::HexCase::kAny))
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "'" + id + "' is not a trace id (32 hex digits) or a span id (16 hex digits)");
  auto find = [&] {
    out->set_searched(admin_.history().size());
    out->set_history_capacity(admin_.history().capacity());
    for (const SpanEntry* e : admin_.history().find(bytes)) fill_record(*e, out->add_spans());
  };
  return admin_.bridge().run(find, kReaderTimeout) ? grpc::Status::OK : reader_busy();
}

grpc::Status AdminService::TailEvents(grpc::ServerContext* ctx, const v1::TailEventsRequest* req,
                                      grpc::ServerWriter<v1::EventRecord>* out) {
  auto sub = admin_.events().subscribe({req->pid(), req->service()});
  v1::EventRecord record;
  bool open = true;
  while (open && !ctx->IsCancelled()) {
    for (auto& e : sub->take(200ms)) {
      record.set_unix_ns(e.unix_ns);
      record.set_kind(e.kind);
      record.set_pid(e.pid);
      record.set_service(e.service);
      record.set_line(std::move(e.line));
      record.set_missed(sub->dropped());
      if (!(open = out->Write(record))) break;
    }
  }
  admin_.events().unsubscribe(sub);
  return grpc::Status::OK;
}

grpc::Status AdminService::TailLogs(grpc::ServerContext* ctx, const v1::TailLogsRequest* req,
                                    grpc::ServerWriter<v1::LogLine>* out) {
  const std::string& mode = admin_.sources().log_capture;
  if (mode == "off")
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "this agent captures no logs (--logs off): start it with --logs auto or --logs on");
  std::vector<uint32_t> client_pipeline;
  if (req->client_pid()) client_pipeline = discovery::output_pipeline(req->client_pid());
  admin_.hide_from_tails(client_pipeline, true);
  auto sub = admin_.logs().subscribe({req->pid(), req->service(), static_cast<int>(req->min_severity())});
  std::string problem = mode == "on" ? "" : wait_for_log_capture(admin_, ctx);
  auto done = [&] {
    admin_.logs().unsubscribe(sub);
    admin_.hide_from_tails(client_pipeline, false);
  };
  if (!problem.empty()) {
    done();
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, problem);
  }
  v1::LogLine line;
  line.set_notice(mode == "on" ? "capturing stdout/stderr of watched processes"
                               : "capturing stdout/stderr of watched processes while this tail runs (--logs auto)");
  bool open = out->Write(line);
  while (open && !ctx->IsCancelled()) {
    for (auto& e : sub->take(200ms)) {
      line.Clear();
      fill_log_line(std::move(e), sub->dropped(), &line);
      if (!(open = out->Write(line))) break;
    }
  }
  done();
  return grpc::Status::OK;
}

}  // namespace kotel::admin
