#include "admin/agent_admin.h"

#include "admin/admin_server.h"
#include "admin/admin_service.h"
#include "core/clock.h"

namespace kotel::admin {

namespace {
constexpr size_t kMaxServicePids = 65536;
}

AgentAdmin::AgentAdmin(const std::string& socket_path, AdminSources sources) : sources_(std::move(sources)) {
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

void AgentAdmin::on_event(pipeline::EventView&& ev) {
  events_.publish({ev.unix_ns, ev.pid, ev.kind, std::string(ev.service), std::move(ev.line)});
}

void AgentAdmin::serve() {
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
