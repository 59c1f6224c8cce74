#pragma once
// Metrics snapshot -> OTLP ExportMetricsServiceRequest: one ResourceMetrics
// per observed process; RED histograms with cumulative temporality, the
// conventions' bucket bounds, min/max, and an exemplar linking to a span; the
// TCP health per peer as cumulative sums (kotel.tcp.*) and an RTT histogram.

#include "exporters/otlp/resource_convert.h"
#include "metrics/http_metrics.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"

namespace kotel::otlp {

void to_export_request(const metrics::MetricsSnapshot& snapshot, const AgentResource& agent,
                       opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest* out);

}  // namespace kotel::otlp
