#include "admin/agent_admin.h"

#include "admin/admin_server.h"
#include "admin/admin_service.h"
#include "core/clock.h"
#include "exporters/console/event_format.h"
#include "exporters/console/log_format.h"
#include "exporters/console/span_format.h"
#include "core/hex.h"

namespace kotel::admin {

namespace {
constexpr size_t kMaxServicePids = 65536;
}

AgentAdmin::AgentAdmin(const std::string& socket_path, AdminSources sources) : sources_(std::move(sources)) {
  capture_.live = sources_.log_capture == "on";
  service_ = std::make_unique<AdminService>(*this);
  server_ = std::make_unique<AdminServer>(socket_path, *service_);
}

AgentAdmin::~AgentAdmin() = default;

void AgentAdmin::on_span(const spans::Span& span) {
  SpanEntry e = entry_of(span, sources_.pipe->tracker());
  if (e.resource) {
    if (services_by_pid_.size() >= kMaxServicePids) services_by_pid_.clear();  // pids reused: start over
    auto [it, added] = services_by_pid_.try_emplace(e.resource->pid, e.resource->service_name);
    if (!added && it->second != e.resource->service_name) it->second = e.resource->service_name;
  }
  feed_.publish(e);
  history_.add(std::move(e));
}

void AgentAdmin::on_event(const pipeline::EventView& ev) {
  std::string line = console::format_event(*ev.event, ev.conn, {ev.comm}, console::local_time_text(ev.unix_ns));
  events_.publish({ev.unix_ns, ev.pid, ingest::event_kind_name(ev.kind), std::string(ev.service), std::move(line)});
}

void AgentAdmin::hide_from_tails(const std::vector<uint32_t>& pids, bool hide) {
  std::lock_guard lock(hidden_mu_);
  for (uint32_t pid : pids) {
    if (hide) ++hidden_pids_[pid];
    else if (auto it = hidden_pids_.find(pid); it != hidden_pids_.end() && --it->second == 0) hidden_pids_.erase(it);
  }
}

void AgentAdmin::on_log(const logs::LogRecord& r) {
  {
    std::lock_guard lock(hidden_mu_);
    if (hidden_pids_.count(r.pid)) return;
  }
  uint64_t ts = r.time_unix_ns ? r.time_unix_ns : r.observed_unix_ns;
  LogEntry e;
  e.unix_ns = ts;
  e.pid = r.pid;
  if (r.resource) e.service = r.resource->service_name;
  e.source = logs::source_name(r.source);
  e.severity_number = r.severity.number;
  e.severity_text = r.severity.text;
  e.event_name = r.event_name;
  e.body = r.body;
  if (r.has_trace()) {
    e.trace_id = core::to_hex(r.trace_id);
    e.span_id = core::to_hex(r.span_id);
  }
  e.line = console::format_log(r, console::local_time_text(ts));
  logs_.publish(e);
}

LogCaptureState AgentAdmin::log_capture_state() const {
  std::lock_guard lock(capture_mu_);
  return capture_;
}

void AgentAdmin::serve() {
  if (sources_.set_log_capture) {  // on demand: capture exactly while someone tails logs
    bool wanted = logs_.has_subscribers();
    if (!wanted) capture_failed_ = false;  // the next tail tries again
    if (wanted != log_capture_state().live && !capture_failed_) {
      auto changed = sources_.set_log_capture(wanted);
      capture_failed_ = !changed;
      std::lock_guard lock(capture_mu_);
      capture_.live = wanted && changed;
      capture_.error = changed ? std::string() : changed.error();
    }
  }
  uint64_t now = core::monotonic_now_ns();
  if (now - current_.mono_ns >= 1'000'000'000) {
    previous_ = current_;
    current_ = {now, sources_.pipe->stats().records,
                sources_.pipe->http() ? sources_.pipe->http()->builder().stats().server_spans +
                                            sources_.pipe->http()->builder().stats().client_spans
                                      : 0};
  }
  bridge_.serve();
}

std::string AgentAdmin::service_of(uint32_t pid) const {
  auto it = services_by_pid_.find(pid);
  return it == services_by_pid_.end() ? std::string() : it->second;
}

}  // namespace kotel::admin
