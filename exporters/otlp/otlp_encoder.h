#pragma once
// kotel's spans, log records and metric snapshots as the bytes of an
// Export{Trace,Logs,Metrics}ServiceRequest, written straight into one buffer
// reused from batch to batch: no generated message objects and, once the
// buffers have grown, no allocation per item. The same requests as the
// generated classes make from *_convert.h (encoder_test compares them byte
// for byte); those stay for the OTLP/JSON file and the tests. One per
// exporter thread: not thread-safe.

#include <span>
#include <string_view>
#include <vector>

#include "exporters/otlp/agent_resource.h"
#include "exporters/otlp/proto_writer.h"
#include "exporters/otlp/resource_groups.h"
#include "logs/log_record.h"
#include "metrics/http_metrics.h"
#include "spans/http_attributes.h"
#include "spans/span.h"

namespace kotel::otlp {

class OtlpEncoder {
 public:
  explicit OtlpEncoder(AgentResource agent) : agent_(std::move(agent)) {}

  // Each returns the request's bytes, valid until the next call.
  std::string_view traces(std::span<const spans::Span> batch);         // trace_encode.cpp
  std::string_view logs(std::span<const logs::LogRecord> batch);       // logs_encode.cpp
  std::string_view metrics(const metrics::MetricsSnapshot& snapshot);  // metrics_encode.cpp

  size_t buffer_capacity() const { return out_.capacity(); }

 private:
  void span(const spans::Span& s);
  void log_record(const logs::LogRecord& r);

  AgentResource agent_;
  ProtoWriter out_;
  ResourceGroups groups_;
  std::vector<std::string_view> seen_keys_;
  spans::AttributeScratch scratch_;
};

}  // namespace kotel::otlp
