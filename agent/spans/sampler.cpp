#include "spans/sampler.h"

#include <cmath>

namespace kotel::spans {

bool trace_id_ratio_sampled(const model::TraceId& trace_id, double ratio) {
  if (ratio >= 1.0) return true;
  if (ratio <= 0.0) return false;
  uint64_t x = 0;
  for (size_t i = 8; i < 16; ++i) x = x << 8 | trace_id[i];
  x &= ~(uint64_t{1} << 63);
  double bound = std::ldexp(ratio, 63);  // ratio * 2^63, exact in a double for the ratios people use
  return static_cast<double>(x) < bound;
}

bool Sampler::sample_root(const model::TraceId& trace_id, std::string_view service) const {
  for (const auto& [name, ratio] : cfg_.service_ratio)
    if (name == service) return trace_id_ratio_sampled(trace_id, ratio);
  switch (cfg_.root) {
    case SamplerConfig::Root::kAlwaysOn: return true;
    case SamplerConfig::Root::kAlwaysOff: return false;
    case SamplerConfig::Root::kRatio: return trace_id_ratio_sampled(trace_id, cfg_.ratio);
  }
  return true;
}

}  // namespace kotel::spans
