#include "exporters/prometheus/http_metrics_families.h"

#include <fmt/format.h>

#include <set>
#include <span>

#include "core/hex.h"

namespace kotel::prometheus {
namespace {

Labels service_labels(const model::Resource* r) {
  Labels l;
  if (!r) return {{"service_name", "unknown_service"}};
  l.emplace_back("service_name", r->service_name);
  if (!r->service_namespace.empty()) l.emplace_back("service_namespace", r->service_namespace);
  l.emplace_back("service_instance_id", r->service_instance_id);
  return l;
}

std::string bound_text(double b) { return fmt::format("{}", b); }

// OpenMetrics exemplar text: the trace and span of the latest measurement.
std::string exemplar_text(const metrics::Exemplar& e) {
  return fmt::format("{{trace_id=\"{}\",span_id=\"{}\"}} {} {:.3f}",
                     core::to_hex(std::span(e.trace_id)), core::to_hex(std::span(e.span_id)),
                     e.value, static_cast<double>(e.time_unix_ns) / 1e9);
}

// Cumulative _bucket samples with "le", then _sum and _count; the exemplar (if
// any) on the bucket its value falls in.
template <size_t N>
void add_buckets(const std::array<uint64_t, N + 1>& buckets, const std::array<double, N>& bounds, double sum,
                 uint64_t count, const Labels& base, MetricFamily* f, const metrics::Exemplar* exemplar = nullptr) {
  std::array<std::string, N + 1> le;
  for (size_t i = 0; i < N; ++i) le[i] = bound_text(bounds[i]);
  le[N] = "+Inf";
  auto shared = std::make_shared<const Labels>(base);
  uint64_t cumulative = 0;
  bool exemplar_placed = !exemplar || exemplar->time_unix_ns == 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    cumulative += buckets[i];
    Sample s{{{"le", le[i]}}, static_cast<double>(cumulative), "_bucket", {}, shared};
    if (!exemplar_placed && (i == N || exemplar->value <= bounds[i])) {
      s.exemplar = exemplar_text(*exemplar);
      exemplar_placed = true;
    }
    f->samples.push_back(std::move(s));
  }
  f->samples.push_back(Sample{{}, sum, "_sum", {}, shared});
  f->samples.push_back(Sample{{}, static_cast<double>(count), "_count", {}, shared});
}

void add_buckets(const metrics::Histogram& h, const Labels& base, MetricFamily* f, bool with_exemplar) {
  add_buckets(h.buckets, metrics::kDurationBounds, h.sum, h.count, base, f, with_exemplar ? &h.exemplar : nullptr);
}

void add_histogram(const std::vector<metrics::Series>& series, std::string name, std::string help,
                   std::vector<MetricFamily>* out) {
  MetricFamily f{std::move(name), std::move(help), MetricType::kHistogram, {}};
  for (const auto& s : series) {
    Labels base = service_labels(s.resource.get());
    for (const auto& [k, v] : s.attributes) base.emplace_back(label_name(k), v);
    add_buckets(s.histogram, base, &f, true);
  }
  out->push_back(std::move(f));
}

}  // namespace

std::vector<MetricFamily> tcp_metric_families(const std::vector<metrics::TcpSeries>& series) {
  MetricFamily attempts{"kotel_tcp_connect_attempts_total", "Outgoing TCP connection attempts.",
                        MetricType::kCounter, {}};
  MetricFamily failures{"kotel_tcp_connect_failures_total",
                        "Outgoing TCP connections that failed: refused (reset) or otherwise (timeout, unreachable).",
                        MetricType::kCounter, {}};
  MetricFamily retransmits{"kotel_tcp_retransmits_total", "TCP segments retransmitted.", MetricType::kCounter, {}};
  MetricFamily resets{"kotel_tcp_resets_total", "TCP resets sent and received.", MetricType::kCounter, {}};
  MetricFamily bytes{"kotel_tcp_bytes_total",
                     "Bytes moved by tracked TCP connections (open ones counted every second, the rest at close).",
                     MetricType::kCounter, {}};
  MetricFamily closed{"kotel_tcp_connections_closed_total", "Tracked TCP connections that closed.",
                      MetricType::kCounter, {}};
  MetricFamily active{"kotel_tcp_connections_active", "Tracked TCP connections open now.", MetricType::kGauge, {}};
  MetricFamily rtt{"kotel_tcp_srtt_seconds", "Smoothed round-trip time of tracked TCP connections, taken at close.",
                   MetricType::kHistogram, {}};
  for (const auto& s : series) {
    Labels l = service_labels(s.resource.get());
    l.emplace_back("network_peer_address", s.peer);
    const auto& c = s.counters;
    if (c.connect_attempts) {
      attempts.samples.push_back(Sample{l, static_cast<double>(c.connect_attempts)});
      for (auto [type, v] : {std::pair{"connection_refused", c.connect_refused}, {"other", c.connect_failed}}) {
        Labels lf = l;
        lf.emplace_back("error_type", type);
        failures.samples.push_back(Sample{std::move(lf), static_cast<double>(v)});
      }
    }
    if (c.retransmits) retransmits.samples.push_back(Sample{l, static_cast<double>(c.retransmits)});
    for (auto [dir, v] : {std::pair{"sent", c.resets_sent}, {"received", c.resets_received}}) {
      if (!v) continue;
      Labels lr = l;
      lr.emplace_back("direction", dir);
      resets.samples.push_back(Sample{std::move(lr), static_cast<double>(v)});
    }
    if (c.connections_closed) closed.samples.push_back(Sample{l, static_cast<double>(c.connections_closed)});
    if (c.connections_closed || c.active || c.bytes_sent || c.bytes_received) {
      active.samples.push_back(Sample{l, static_cast<double>(c.active)});
      for (auto [dir, v] : {std::pair{"sent", c.bytes_sent}, {"received", c.bytes_received}}) {
        Labels lb = l;
        lb.emplace_back("direction", dir);
        bytes.samples.push_back(Sample{std::move(lb), static_cast<double>(v)});
      }
    }
    if (c.rtt.count) add_buckets(c.rtt.buckets, metrics::kRttBounds, c.rtt.sum, c.rtt.count, l, &rtt);
  }
  return {attempts, failures, retransmits, resets, bytes, closed, active, rtt};
}

std::string label_name(std::string_view attribute) {
  std::string out(attribute);
  for (char& c : out)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) c = '_';
  if (!out.empty() && out[0] >= '0' && out[0] <= '9') out.insert(out.begin(), '_');
  return out;
}

std::vector<MetricFamily> http_metric_families(const metrics::MetricsSnapshot& snapshot) {
  std::vector<MetricFamily> out;
  add_histogram(snapshot.server, "http_server_request_duration_seconds",
                "Duration of HTTP server requests (OpenTelemetry http.server.request.duration).", &out);
  add_histogram(snapshot.client, "http_client_request_duration_seconds",
                "Duration of HTTP client requests (OpenTelemetry http.client.request.duration).", &out);
  MetricFamily target{"target_info", "Resource attributes of each observed service (on this host).", MetricType::kGauge,
                      {}};
  std::set<const model::Resource*> seen;
  for (const auto* list : {&snapshot.server, &snapshot.client}) {
    for (const auto& s : *list) {
      const model::Resource* r = s.resource.get();
      if (!r || !seen.insert(r).second) continue;
      Labels l = service_labels(r);
      if (r->pid) l.emplace_back("process_pid", std::to_string(r->pid));
      if (!r->executable_name.empty()) l.emplace_back("process_executable_name", r->executable_name);
      if (!r->host_name.empty()) l.emplace_back("host_name", r->host_name);
      for (const auto& [k, v] : r->extra)
        if (k != "service.name" && k != "service.namespace" && k != "service.instance.id")
          l.emplace_back(label_name(k), v);
      target.samples.push_back(Sample{std::move(l), 1});
    }
  }
  out.push_back(std::move(target));
  // Service graph, named as Grafana Tempo's metrics generator names it.
  MetricFamily total{"traces_service_graph_request_total", "Requests between two services.", MetricType::kCounter, {}};
  MetricFamily failed{"traces_service_graph_request_failed_total", "Failed requests between two services.",
                      MetricType::kCounter, {}};
  MetricFamily server_s{"traces_service_graph_request_server_seconds",
                        "Request duration between two services, as the server measured it.",
                        MetricType::kHistogram, {}};
  MetricFamily client_s{"traces_service_graph_request_client_seconds",
                        "Request duration between two services, as the client measured it.",
                        MetricType::kHistogram, {}};
  for (const auto& e : snapshot.edges) {
    Labels l{{"client", e.client}, {"server", e.server}, {"kotel_node", e.node}};
    total.samples.push_back(Sample{l, static_cast<double>(e.total)});
    failed.samples.push_back(Sample{l, static_cast<double>(e.failed)});
    for (auto [fam, hist] : {std::pair{&server_s, &e.server_seconds}, {&client_s, &e.client_seconds}}) {
      if (!hist->count) continue;
      add_buckets(*hist, l, fam, false);
    }
  }
  for (auto* f : {&total, &failed, &server_s, &client_s}) out.push_back(std::move(*f));
  out.push_back({"kotel_metric_overflow_total",
                 "Measurements recorded in an otel.metric.overflow series: a metric reached its cap on series.",
                 MetricType::kCounter, {Sample{{}, static_cast<double>(snapshot.overflowed)}}});
  return out;
}

std::vector<MetricFamily> db_metric_families(const std::vector<metrics::DbSeries>& series, uint64_t overflowed) {
  if (series.empty() && !overflowed) return {};
  MetricFamily f{"db_client_operation_duration_seconds",
                 "Duration of database and cache calls (OpenTelemetry db.client.operation.duration), seen from the "
                 "client's connection.",
                 MetricType::kHistogram, {}};
  for (const auto& s : series) {
    Labels base{{"service_name", s.service}, {"db_system_name", s.system}};
    if (s.overflow) base.emplace_back("otel_metric_overflow", "true");
    else base.emplace_back("db_operation_name", s.operation);
    if (!s.error_type.empty()) base.emplace_back("error_type", s.error_type);
    add_buckets(s.histogram, base, &f, true);
  }
  MetricFamily o{"kotel_db_series_overflowed_total",
                 "Database calls counted in their service's overflow series: past the cap on series.",
                 MetricType::kCounter, {Sample{{}, static_cast<double>(overflowed)}}};
  return {std::move(f), std::move(o)};
}

void add_duration_histogram(const metrics::Histogram& h, const Labels& base, MetricFamily* f) {
  add_buckets(h, base, f, false);
}

}  // namespace kotel::prometheus
