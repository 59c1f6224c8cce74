// Spans: how many, how they were parented, what the HTTP/1 stitcher lost.
#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

// Spans built, their parents, HTTP/1 stitching and trace context.
void add_span_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  const auto& p = in.pipeline;
  const auto& s = p.spans;
  out.push_back(labelled("kotel_spans_total", "Spans built from HTTP exchanges.", MetricType::kCounter, "kind",
                         {{"server", s.server_spans}, {"client", s.client_spans}}));
  out.push_back(labelled("kotel_span_parents_total",
                         "How each span's parent was found: trace headers, the serving thread, the connection's "
                         "other end on this host, or none (a root).",
                         MetricType::kCounter, "source",
                         {{"header", s.parent_header}, {"thread", s.parent_thread}, {"tuple", s.parent_tuple},
                          {"none", s.parent_none}}));
  out.push_back(labelled("kotel_span_thread_rule_off_total",
                         "Client spans whose thread was not asked for their parent: the process runs a runtime "
                         "whose tasks share threads (Go, Node, BEAM), or the thread was seen serving two requests "
                         "at once (an event loop).",
                         MetricType::kCounter, "reason",
                         {{"runtime", s.thread_rule_off_runtime}, {"multiplexing_thread", s.thread_rule_off_multiplexing}}));
  out.push_back(counter("kotel_span_late_tuple_links_total",
                        "Tuple links made after the server's read was seen before the client's send (loopback "
                        "wake-up skew); counted in the tuple source too.",
                        s.late_tuple_links));
  out.push_back(counter("kotel_span_names_overflowed_total",
                        "Spans named '{overflow}': their service passed the cap on distinct route templates.",
                        p.span_names_overflowed));
  out.push_back(gauge("kotel_http_connections", "HTTP/1 connections being stitched now.",
                      static_cast<double>(p.http_connections)));
  const auto& st = p.stitch;
  out.push_back(counter("kotel_http_exchanges_total", "HTTP/1 request/response pairs stitched.", st.exchanges));
  out.push_back(labelled("kotel_http_spans_lost_total",
                         "HTTP/1 messages that could not become spans, by reason.", MetricType::kCounter, "reason",
                         {{"orphan_response", st.orphan_responses},
                          {"unusable_head", st.unusable_heads},
                          {"lost_boundary", st.lost_exchanges},
                          {"pipeline_overflow", st.pipeline_overflow}}));
  out.push_back(labelled("kotel_http_degraded_total",
                         "Spans built from imperfect data, by what was wrong (each is marked on the span).",
                         MetricType::kCounter, "reason",
                         {{"truncated_head", st.truncated_heads},
                          {"lost_body", st.lost_bodies},
                          {"no_response", st.no_response}}));
  out.push_back(counter("kotel_http_invalid_heads_total", "Bytes where an HTTP/1 head should start that are not one.",
                        st.invalid_heads));
  out.push_back(counter("kotel_http_resync_skipped_bytes_total",
                        "HTTP/1 bytes passed over while looking for the next message head after a loss (requests "
                        "in them make no span).",
                        st.resync_skipped_bytes));
  out.push_back(labelled("kotel_trace_context_invalid_total",
                         "Propagation headers ignored because they were invalid, by format.", MetricType::kCounter,
                         "format",
                         {{"traceparent", s.context.invalid_traceparent},
                          {"tracestate", s.context.invalid_tracestate},
                          {"baggage", s.context.invalid_baggage},
                          {"b3", s.context.invalid_b3},
                          {"jaeger", s.context.invalid_jaeger}}));
  out.push_back(counter("kotel_baggage_dropped_total", "Valid baggage entries dropped by the W3C size limits.",
                        s.context.baggage_dropped));
  out.push_back(counter("kotel_spans_sampled_out_total",
                        "Spans head sampling left out of the export (OTEL_TRACES_SAMPLER); RED metrics count them.",
                        s.sampled_out));
  out.push_back(counter("kotel_spans_sdk_withheld_total",
                        "Spans not exported because their process exports its own with an OpenTelemetry SDK "
                        "(--sdk-processes skip-spans); RED metrics count them.",
                        s.sdk_withheld));
  out.push_back(counter("kotel_sdk_processes_total",
                        "Processes found exporting their own spans (POST /v1/traces, or span ids of their own in a "
                        "served request's trace).",
                        s.sdk_processes_marked));
  out.push_back(counter("kotel_span_parent_by_trace_total",
                        "Client spans whose own trace context named the trace of exactly one request their process "
                        "served: that request is their parent (counted in the header source too).",
                        s.parent_by_trace));
  out.push_back(counter("kotel_span_inflight_forgotten_total",
                        "Served requests the per-trace table had no room for (their calls are not linked by trace).",
                        s.inflight_forgotten));
  out.push_back(counter("kotel_baggage_capped_total",
                        "Baggage entries not made span attributes: over --baggage-max-entries or --baggage-max-bytes, "
                        "or a key over 64 bytes.",
                        s.baggage_capped));
}

}  // namespace kotel::runtime
