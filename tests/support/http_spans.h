#pragma once
// Finished HTTP spans as the RED metrics see them: for the metrics tests and
// for the Prometheus rendering tests of their snapshots.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "metrics/http_metrics.h"
#include "model/resource.h"
#include "spans/span.h"

namespace kotel::testing {

// One process: its spans share the resource.
inline std::shared_ptr<const model::Resource> shop_resource() {
  auto r = std::make_shared<model::Resource>();
  r->service_name = "shop";
  r->service_instance_id = "0a1b";
  r->pid = 7;
  r->host_name = "box";
  return r;
}

// GET /users/42 on api:8080 taking `seconds`, answered with `status` (also the
// byte of its span id).
inline spans::Span http_span(spans::SpanKind kind, double seconds, int64_t status,
                             std::shared_ptr<const model::Resource> r) {
  spans::Span s;
  s.kind = kind;
  s.span_id.fill(static_cast<uint8_t>(status));
  s.start_unix_ns = 1'000'000'000;
  s.end_unix_ns = s.start_unix_ns + static_cast<uint64_t>(seconds * 1e9);
  s.attributes.push_back({"http.request.method", std::string("GET")});
  s.attributes.push_back({"http.response.status_code", status});
  s.attributes.push_back({"url.path", std::string("/users/42")});
  s.attributes.push_back({"url.scheme", std::string("http")});
  s.attributes.push_back({"server.address", std::string("api")});
  s.attributes.push_back({"server.port", int64_t{8080}});
  s.attributes.push_back({"network.peer.address", std::string("10.0.0.9")});
  s.http.method = "GET";
  s.http.status = static_cast<uint16_t>(status);
  if (kind == spans::SpanKind::kClient) {
    s.http.server_address = "api";
    s.http.server_port = 8080;
  }
  s.resource = std::move(r);
  return s;
}

// Service a on node1 calls b (whose agent sees the server side too) and
// db:5432 (seen from the client only); the call to b fails.
inline void record_service_graph(metrics::HttpMetrics& m) {
  auto r = std::make_shared<model::Resource>();
  r->service_name = "a";
  r->host_name = "node1";
  using Role = spans::HttpSummary::GraphRole;
  auto edge_span = [&](spans::SpanKind kind, Role role, std::string client, std::string server, bool error) {
    spans::Span s;
    s.kind = kind;
    s.start_unix_ns = 0;
    s.end_unix_ns = 20'000'000;
    s.http.method = "GET";
    s.http.graph_role = role;
    s.http.graph_client = std::move(client);
    s.http.graph_server = std::move(server);
    if (error) s.status = spans::StatusCode::kError;
    s.resource = r;
    return s;
  };
  m.record(edge_span(spans::SpanKind::kServer, Role::kServerCounts, "a", "b", true));         // b's side
  m.record(edge_span(spans::SpanKind::kClient, Role::kClientDurationOnly, "a", "b", true));   // a's side
  m.record(edge_span(spans::SpanKind::kClient, Role::kClientCounts, "a", "db:5432", false));  // remote server
}

}  // namespace kotel::testing
