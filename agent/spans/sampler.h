#pragma once
// Head sampling with OpenTelemetry's names and semantics (OTEL_TRACES_SAMPLER,
// OTEL_TRACES_SAMPLER_ARG): always_on, always_off, traceidratio and their
// parentbased_* forms (the default: parentbased_always_on). A span with a
// parent follows its parent's decision (the traceparent's sampled flag, or
// the local parent's); a root decides by its trace id, so every host that
// samples a trace's root at the same ratio decides the same way and a trace is
// exported whole or not at all. A per-service ratio (the config file's
// `sampling` map) replaces the root ratio for that service's roots.
// Sampled-out spans still feed the RED metrics; they are not exported.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/ids.h"

namespace kotel::spans {

struct SamplerConfig {
  enum class Root : uint8_t { kAlwaysOn, kAlwaysOff, kRatio };
  Root root = Root::kAlwaysOn;
  double ratio = 1.0;        // kRatio
  bool parent_based = true;  // follow the parent's decision when there is one
  std::vector<std::pair<std::string, double>> service_ratio;  // root ratio by service.name
};

class Sampler {
 public:
  explicit Sampler(SamplerConfig cfg = {}) : cfg_(std::move(cfg)) {}

  // A span with no parent (a new trace) of `service`.
  bool sample_root(const model::TraceId& trace_id, std::string_view service) const;
  // A span whose parent decided `parent_sampled` (header or local).
  bool sample_child(const model::TraceId& trace_id, std::string_view service, bool parent_sampled) const {
    return cfg_.parent_based ? parent_sampled : sample_root(trace_id, service);
  }
  const SamplerConfig& config() const { return cfg_; }

 private:
  SamplerConfig cfg_;
};

// OTel's TraceIdRatioBased: the trace id's last 8 bytes, big-endian, as a
// number below 2^63 (its top bit dropped), sampled when under ratio * 2^63.
bool trace_id_ratio_sampled(const model::TraceId& trace_id, double ratio);

}  // namespace kotel::spans
