#include "spans/http_attributes.h"

#include <algorithm>
#include <charconv>

#include "ingest/endpoint_text.h"
#include "model/memory_size.h"
#include "protocols/http1/stitch.h"
#include "spans/route_template.h"

namespace kotel::spans {
namespace http1 = protocols::http1;
namespace context = protocols::context;

bool known_http_method(std::string_view m) {
  static constexpr std::string_view kMethods[] = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                  "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY"};
  return std::find(std::begin(kMethods), std::end(kMethods), m) != std::end(kMethods);
}

std::pair<std::string_view, uint16_t> split_host_header(std::string_view host) {
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

std::vector<Attribute> http_attributes(const HttpFacts& p, const HttpSummary& http) {
  const http1::Exchange& ex = *p.exchange;
  const SpanSettings& settings = *p.settings;
  std::vector<Attribute> a;
  a.reserve(24);
  auto str = [&](AttrKey k, std::string_view v) { a.push_back({std::move(k), std::string(v)}); };
  auto num = [&](AttrKey k, int64_t v) { a.push_back({std::move(k), v}); };
  bool server = p.server;

  if (known_http_method(ex.method)) {
    str("http.request.method", ex.method);
  } else {
    str("http.request.method", "_OTHER");
    str("http.request.method_original", ex.method);
  }
  if (ex.status) num("http.response.status_code", ex.status);
  std::string_view path = url_path(ex.target);
  str("url.path", path);
  str("url.scheme", http.tls ? "https" : "http");
  if (http.tls) str("tls.protocol.name", "tls");
  if (settings.capture_query) {
    std::string q = redact_query(ex.target);
    if (!q.empty()) str("url.query", q);
  }
  str("network.protocol.version", ex.version_minor == 0 ? "1.0" : "1.1");

  auto [host_name, host_port] = split_host_header(ex.host);
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
    if (!address.empty()) {
      std::string full = http.tls ? "https://" : "http://";
      full.append(address);
      if (port && port != (http.tls ? 443 : 80)) full.append(":").append(std::to_string(port));
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
  if (!http.error_type.empty()) str("error.type", http.error_type);
  num("thread.id", ex.request_tid);

  str("kotel.parent.source", parent_source_name(p.parent_source));
  if (p.format != context::ContextFormat::kNone) str("kotel.context.format", context::context_format_name(p.format));
  if (p.parent_candidates > 1) num("kotel.parent.candidates", static_cast<int64_t>(p.parent_candidates));
  if (p.thread_rule_off != ThreadRuleOff::kNo)
    str("kotel.parent.thread_rule_off", thread_rule_off_name(p.thread_rule_off, discovery::runtime_name(p.runtime)));
  if (ex.request_truncated || ex.response_truncated) a.push_back({"kotel.http.truncated", true});
  if (ex.body_lost) a.push_back({"kotel.http.body_lost", true});
  for (const auto& h : ex.context_headers) {
    if (http1::is_propagation_header(h.name)) continue;  // they became the parent and baggage
    std::string key = "http.request.header.";
    for (char c : h.name) key += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    str(AttrKey::owned(std::move(key)), h.value);
  }
  if (p.baggage)
    for (const auto& b : *p.baggage) str(AttrKey::owned(settings.baggage_prefix + b.key), b.value);
  return a;
}


void render_attributes(Span& span) {
  if (!span.http_facts) return;
  span.attributes = http_attributes(*span.http_facts, span.http);
  span.http_facts.reset();
}

std::vector<Attribute> attributes_of(const Span& span) {
  return span.http_facts ? http_attributes(*span.http_facts, span.http) : span.attributes;
}

size_t approximate_bytes(const Span& span) {
  size_t n = sizeof(Span) + model::heap_bytes(span.name) + model::heap_bytes(span.trace_state) +
             model::heap_bytes(span.status_message) + model::approximate_bytes(span.attributes);
  const HttpSummary& h = span.http;
  n += model::heap_bytes(h.method) + model::heap_bytes(h.error_type) + model::heap_bytes(h.server_address) +
       model::heap_bytes(h.graph_client) + model::heap_bytes(h.graph_server);
  if (const auto& f = span.http_facts) {
    n += sizeof(HttpFacts);
    if (f->exchange) n += sizeof(*f->exchange) + f->exchange->head.capacity() +
                          f->exchange->context_headers.capacity() * sizeof(protocols::Header);
  }
  return n;
}

}  // namespace kotel::spans
