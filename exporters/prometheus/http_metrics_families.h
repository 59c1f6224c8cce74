#pragma once
// RED metrics snapshot -> Prometheus families, per the OpenTelemetry-to-
// Prometheus compatibility rules: names with the unit suffix
// (http.server.request.duration, unit s -> http_server_request_duration_seconds),
// attribute names with dots as underscores, cumulative buckets with "le", and a
// target_info series per observed process carrying its resource attributes.
// One endpoint serves many services, so each series also names its service
// (service_name, service_namespace, service_instance_id).

#include <vector>

#include "exporters/prometheus/text_format.h"
#include "metrics/http_metrics.h"
#include "metrics/db_metrics.h"
#include "metrics/tcp_metrics.h"

namespace kotel::prometheus {

std::vector<MetricFamily> http_metric_families(const metrics::MetricsSnapshot& snapshot);
// TCP health per process and peer: kotel_tcp_connect_attempts_total,
// kotel_tcp_connect_failures_total{error_type}, kotel_tcp_retransmits_total,
// kotel_tcp_resets_total{direction}.
std::vector<MetricFamily> tcp_metric_families(const std::vector<metrics::TcpSeries>& series);

// db.client.operation.duration per service, system, operation and error type:
// db_client_operation_duration_seconds, with kotel_db_series_overflowed_total.
std::vector<MetricFamily> db_metric_families(const std::vector<metrics::DbSeries>& series, uint64_t overflowed);

// A duration histogram's _bucket/_sum/_count samples (seconds, the HTTP
// duration bounds), labelled `base`, appended to `f`.
void add_duration_histogram(const metrics::Histogram& h, const Labels& base, MetricFamily* f);

// "http.request.method" -> "http_request_method"; anything outside [a-zA-Z0-9_] -> '_'.
std::string label_name(std::string_view attribute);

}  // namespace kotel::prometheus
