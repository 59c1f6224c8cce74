#include "spans/http_span_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "ingest/endpoint_text.h"

namespace kotel::spans {
namespace http1 = protocols::http1;
namespace context = protocols::context;

namespace {

// The methods the HTTP semantic conventions know; others are "_OTHER".
bool known_method(std::string_view m) {
  static constexpr std::string_view kMethods[] = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                  "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY"};
  return std::find(std::begin(kMethods), std::end(kMethods), m) != std::end(kMethods);
}

// "host:8080" -> {"host", 8080}; "[::1]:80" -> {"::1", 80}; no port -> 0.
std::pair<std::string_view, uint16_t> split_host(std::string_view host) {
  std::string_view name = host;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return {host, 0};
    name = host.substr(1, close - 1);
    if (close + 1 < host.size() && host[close + 1] == ':') port = host.substr(close + 2);
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos && host.find(':') == colon) {
    name = host.substr(0, colon);
    port = host.substr(colon + 1);
  }
  uint16_t p = 0;
  if (!port.empty()) std::from_chars(port.data(), port.data() + port.size(), p);
  return {name, p};
}

bool key_listed(const std::vector<std::string>& list, std::string_view key) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

}  // namespace

struct HttpSpanBuilder::Pending {
  SpanKind kind = SpanKind::kServer;
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_id{};
  ParentSource parent_source = ParentSource::kNone;
  context::ContextFormat format = context::ContextFormat::kNone;
  bool sampled = true;
  std::string trace_state;
  std::shared_ptr<const Baggage> baggage;
  uint32_t pid = 0;
  std::shared_ptr<const Resource> resource;
  uint64_t token = 0;
  ingest::Tuple tuple;
  bool tuple_known = false;
};

HttpSpanBuilder::HttpSpanBuilder(SpanSettings settings, IdSource& ids, core::MonotonicToRealtime clock,
                                 SpanSink sink)
    : settings_(std::move(settings)), ids_(ids), clock_(clock), sink_(std::move(sink)),
      templates_(settings_.max_templates_per_service), name_cache_(kNameCacheSlots) {}

std::shared_ptr<const Baggage> HttpSpanBuilder::pick_baggage(const std::vector<context::BaggageEntry>& entries) const {
  if (entries.empty() || !settings_.baggage_attributes) return nullptr;
  auto out = std::make_shared<Baggage>();
  for (const auto& e : entries) {
    if (out->size() >= settings_.baggage_max_entries) break;
    if (key_listed(settings_.baggage_deny, e.key)) continue;
    if (!settings_.baggage_allow.empty() && !key_listed(settings_.baggage_allow, e.key)) continue;
    out->push_back({e.key, e.value.substr(0, settings_.baggage_max_value_bytes)});
  }
  return out->empty() ? nullptr : out;
}

void HttpSpanBuilder::request_started(http1::Exchange& ex) {
  auto p = std::make_shared<Pending>();
  p->kind = ex.request_inbound ? SpanKind::kServer : SpanKind::kClient;
  p->span_id = ids_.span_id();
  p->token = next_token_++;
  if (conn_) {
    p->pid = conn_->key.pid;
    p->tuple = conn_->tuple;
    p->tuple_known = conn_->tuple_known;
  }
  if (resource_) p->resource = *resource_;

  // 1. Headers on the request (for a client span: what the app itself sent).
  context::IncomingContext incoming;
  if (!ex.context_headers.empty())
    incoming = context::extract_context(ex.context_headers, settings_.baggage_limits, &stats_.context);
  std::shared_ptr<const Baggage> baggage = pick_baggage(incoming.baggage);

  // 2./3. What this host saw: the thread's server request, or the client on
  // the other end of the connection.
  std::optional<LinkContext> local;
  ParentSource local_source = ParentSource::kNone;
  if (p->kind == SpanKind::kClient) {
    if (const LinkContext* served = threads_.current(p->pid, ex.request_tid)) {
      local = *served;
      local_source = ParentSource::kThread;
    }
  } else if (p->tuple_known) {
    local = tuples_.server_request(p->tuple, ex.request_start_ns);
    if (local) local_source = ParentSource::kTuple;
  }

  if (incoming.parent && (!local || local->trace_id != incoming.parent->trace_id)) {
    if (local) ++stats_.header_conflicts;
    p->trace_id = incoming.parent->trace_id;
    p->parent_id = incoming.parent->span_id;
    p->sampled = incoming.parent->sampled;
    p->trace_state = std::move(incoming.tracestate);
    p->parent_source = ParentSource::kHeader;
    p->format = incoming.format;
  } else if (local) {
    // Same trace as the headers, if any: the local span is the closer parent.
    p->trace_id = local->trace_id;
    p->parent_id = local->span_id;
    p->sampled = local->sampled;
    p->trace_state = local->trace_state;
    p->parent_source = local_source;
    p->format = incoming.format;
  } else {
    p->trace_id = ids_.trace_id();
  }
  p->baggage = baggage ? baggage : local ? local->baggage : nullptr;

  LinkContext mine{p->trace_id, p->span_id, p->sampled, p->trace_state, p->baggage};
  if (p->kind == SpanKind::kServer) threads_.begin(p->pid, ex.request_tid, p->token, std::move(mine));
  else if (p->tuple_known) tuples_.client_request(p->tuple, ex.request_start_ns, std::move(mine));
  ex.span_state = std::move(p);
}

void HttpSpanBuilder::exchange_done(std::unique_ptr<http1::Exchange> ex) {
  auto p = std::static_pointer_cast<Pending>(ex->span_state);
  if (!p) return;  // started before this builder knew it: cannot happen, but never trust
  if (p->kind == SpanKind::kServer) threads_.end(p->pid, ex->request_tid, p->token);

  Span span;
  span.trace_id = p->trace_id;
  span.span_id = p->span_id;
  span.parent_span_id = p->parent_id;
  span.trace_state = p->trace_state;
  span.sampled = p->sampled;
  span.kind = p->kind;
  span.parent_source = p->parent_source;
  span.start_unix_ns = clock_.to_unix_ns(ex->request_start_ns);
  span.end_unix_ns = clock_.to_unix_ns(std::max(ex->response_end_ns, ex->request_start_ns));
  span.resource = std::move(p->resource);

  bool other_method = !known_method(ex->method);
  std::string_view service = span.resource ? std::string_view(span.resource->service_name) : std::string_view{};
  std::string_view admitted = template_of(service, url_path(ex->target));
  span.name.reserve(ex->method.size() + 1 + admitted.size());
  span.name.append(other_method ? std::string_view("HTTP") : std::string_view(ex->method)).append(" ").append(admitted);

  bool server = p->kind == SpanKind::kServer;
  bool failed = ex->no_response || (ex->status >= 500) || (!server && ex->status >= 400);
  if (failed) span.status = StatusCode::kError;
  add_attributes(*ex, *p, span);
  span.http.method = other_method ? std::string_view("_OTHER") : std::string_view(ex->method);
  span.http.status = ex->status;
  span.http.version_minor = ex->version_minor;

  ++(server ? stats_.server_spans : stats_.client_spans);
  switch (p->parent_source) {
    case ParentSource::kHeader: ++stats_.parent_header; break;
    case ParentSource::kThread: ++stats_.parent_thread; break;
    case ParentSource::kTuple: ++stats_.parent_tuple; break;
    case ParentSource::kNone: ++stats_.parent_none; break;
  }
  if (ex->request_truncated || ex->response_truncated) ++stats_.truncated;
  sink_(std::move(span));
}

std::string_view HttpSpanBuilder::template_of(std::string_view service, std::string_view path) {
  size_t h = std::hash<std::string_view>{}(path) ^ (std::hash<std::string_view>{}(service) * 0x9e3779b97f4a7c15ULL);
  NameCacheEntry& e = name_cache_[h % kNameCacheSlots];
  if (e.path == path && e.service == service && !e.name.empty()) return e.name;
  e.service.assign(service);
  e.path.assign(path);
  e.name.assign(templates_.admit(service, route_template(path)));
  return e.name;
}

void HttpSpanBuilder::add_attributes(const http1::Exchange& ex, const Pending& p, Span& span) const {
  auto& a = span.attributes;
  a.reserve(20);
  auto str = [&](AttrKey k, std::string_view v) { a.push_back({std::move(k), std::string(v)}); };
  auto num = [&](AttrKey k, int64_t v) { a.push_back({std::move(k), v}); };
  bool server = p.kind == SpanKind::kServer;

  if (known_method(ex.method)) {
    str("http.request.method", ex.method);
  } else {
    str("http.request.method", "_OTHER");
    str("http.request.method_original", ex.method);
  }
  if (ex.status) num("http.response.status_code", ex.status);
  std::string_view path = url_path(ex.target);
  str("url.path", path);
  str("url.scheme", "http");
  if (settings_.capture_query) {
    std::string q = redact_query(ex.target);
    if (!q.empty()) str("url.query", q);
  }
  str("network.protocol.version", ex.version_minor == 0 ? "1.0" : "1.1");

  auto [host_name, host_port] = split_host(ex.host);
  std::string peer = p.tuple_known ? ingest::address_text(p.tuple.remote) : std::string();
  if (server) {
    if (!host_name.empty()) str("server.address", host_name);
    if (host_port) num("server.port", host_port);
    else if (p.tuple_known) num("server.port", p.tuple.local.port);
    if (!ex.forwarded_for.empty()) str("client.address", ex.forwarded_for);
    else if (!peer.empty()) str("client.address", peer);
  } else {
    std::string_view address = host_name.empty() ? std::string_view(peer) : host_name;
    uint16_t port = host_port ? host_port : p.tuple_known ? p.tuple.remote.port : 0;
    if (!address.empty()) str("server.address", address);
    if (port) num("server.port", port);
    span.http.server_address.assign(address);
    span.http.server_port = port;
    if (!address.empty()) {
      std::string full = "http://";
      full.append(address);
      if (port && port != 80) full.append(":").append(std::to_string(port));
      str("url.full", full.append(path));
    }
  }
  if (!peer.empty()) {
    str("network.peer.address", peer);
    num("network.peer.port", p.tuple.remote.port);
  }
  if (!ex.user_agent.empty()) str("user_agent.original", ex.user_agent);
  if (ex.request_body_bytes) num("http.request.body.size", static_cast<int64_t>(ex.request_body_bytes));
  if (ex.response_body_bytes) num("http.response.body.size", static_cast<int64_t>(ex.response_body_bytes));
  if (ex.no_response) span.http.error_type = "no_response";
  else if (ex.status >= 500 || (!server && ex.status >= 400)) span.http.error_type = std::to_string(ex.status);
  if (!span.http.error_type.empty()) str("error.type", span.http.error_type);
  num("thread.id", ex.request_tid);

  str("kotel.parent.source", parent_source_name(p.parent_source));
  if (p.format != context::ContextFormat::kNone) str("kotel.context.format", context::context_format_name(p.format));
  if (ex.request_truncated || ex.response_truncated) a.push_back({"kotel.http.truncated", true});
  if (ex.body_lost) a.push_back({"kotel.http.body_lost", true});
  for (const auto& h : ex.context_headers) {
    if (http1::is_propagation_header(h.name)) continue;  // they became the parent and baggage
    std::string key = "http.request.header.";
    for (char c : h.name) key += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    str(AttrKey::owned(std::move(key)), h.value);
  }
  if (p.baggage)
    for (const auto& b : *p.baggage) str(AttrKey::owned(settings_.baggage_prefix + b.key), b.value);
}

}  // namespace kotel::spans
