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

void visit_http_attributes(const HttpFacts& p, const HttpSummary& http, AttributeScratch& scratch,
                           AttributeSink& out) {
  const http1::Exchange& ex = *p.exchange;
  const SpanSettings& settings = *p.settings;
  bool server = p.server;

  if (known_http_method(ex.method)) {
    out.text("http.request.method", ex.method);
  } else {
    out.text("http.request.method", "_OTHER");
    out.text("http.request.method_original", ex.method);
  }
  if (ex.status) out.number("http.response.status_code", ex.status);
  std::string_view path = url_path(ex.target);
  out.text("url.path", path);
  out.text("url.scheme", http.tls ? "https" : "http");
  if (http.tls) out.text("tls.protocol.name", "tls");
  if (settings.capture_query) {
    redact_query(ex.target, scratch.text);
    if (!scratch.text.empty()) out.text("url.query", scratch.text);
  }
  out.text("network.protocol.version", ex.version_minor == 0 ? "1.0" : "1.1");

  auto [host_name, host_port] = split_host_header(ex.host);
  ingest::AddressText peer_buf;
  std::string_view peer = p.tuple_known ? ingest::address_text(p.tuple.remote, peer_buf) : std::string_view();
  if (server) {
    if (!host_name.empty()) out.text("server.address", host_name);
    if (host_port) out.number("server.port", host_port);
    else if (p.tuple_known) out.number("server.port", p.tuple.local.port);
    if (!ex.forwarded_for.empty()) out.text("client.address", ex.forwarded_for);
    else if (!peer.empty()) out.text("client.address", peer);
  } else {
    std::string_view address = host_name.empty() ? peer : host_name;
    uint16_t port = host_port ? host_port : p.tuple_known ? p.tuple.remote.port : 0;
    if (!address.empty()) out.text("server.address", address);
    if (port) out.number("server.port", port);
    if (!address.empty()) {
      std::string& full = scratch.text;
      full = http.tls ? "https://" : "http://";
      full.append(address);
      if (port && port != (http.tls ? 443 : 80)) {
        char digits[8];
        auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), port);
        full.append(":").append(digits, end);
      }
      out.text("url.full", full.append(path));
    }
  }
  if (!peer.empty()) {
    out.text("network.peer.address", peer);
    out.number("network.peer.port", p.tuple.remote.port);
  }
  if (!ex.user_agent.empty()) out.text("user_agent.original", ex.user_agent);
  if (ex.request_body_bytes) out.number("http.request.body.size", static_cast<int64_t>(ex.request_body_bytes));
  if (ex.response_body_bytes) out.number("http.response.body.size", static_cast<int64_t>(ex.response_body_bytes));
  if (!http.error_type.empty()) out.text("error.type", http.error_type);
  out.number("thread.id", ex.request_tid);

  out.text("kotel.parent.source", parent_source_name(p.parent_source));
  if (p.format != context::ContextFormat::kNone) out.text("kotel.context.format", context::context_format_name(p.format));
  if (p.parent_candidates > 1) out.number("kotel.parent.candidates", static_cast<int64_t>(p.parent_candidates));
  if (p.thread_rule_off != ThreadRuleOff::kNo)
    out.text("kotel.parent.thread_rule_off", thread_rule_off_name(p.thread_rule_off, discovery::runtime_name(p.runtime)));
  if (ex.request_truncated || ex.response_truncated) out.flag("kotel.http.truncated", true);
  if (ex.body_lost) out.flag("kotel.http.body_lost", true);
  for (const auto& h : ex.context_headers) {
    if (http1::is_propagation_header(h.name)) continue;  // they became the parent and baggage
    std::string& key = scratch.key;
    key = "http.request.header.";
    for (char c : h.name) key += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    out.text(key, h.value);
  }
  if (p.baggage)
    for (const auto& b : *p.baggage) {
      scratch.key = settings.baggage_prefix;
      out.text(scratch.key.append(b.key), b.value);
    }
}

std::vector<Attribute> http_attributes(const HttpFacts& p, const HttpSummary& http) {
  // Literal keys stay views (no copy); the ones built in the scratch are owned.
  struct ToList final : AttributeSink {
    explicit ToList(const AttributeScratch& s) : scratch(s) {}
    const AttributeScratch& scratch;
    std::vector<Attribute> a;
    AttrKey key(std::string_view k) const {
      return k.data() == scratch.key.data() ? AttrKey::owned(std::string(k)) : AttrKey::of_static(k);
    }
    void text(std::string_view k, std::string_view v) override { a.push_back({key(k), std::string(v)}); }
    void number(std::string_view k, int64_t v) override { a.push_back({key(k), v}); }
    void flag(std::string_view k, bool v) override { a.push_back({key(k), v}); }
  };
  AttributeScratch scratch;
  ToList list(scratch);
  list.a.reserve(24);
  visit_http_attributes(p, http, scratch, list);
  return std::move(list.a);
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
