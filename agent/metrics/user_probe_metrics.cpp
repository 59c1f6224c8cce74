#include "metrics/user_probe_metrics.h"

namespace kotel::metrics {

void UserProbeMetrics::record(uint32_t probe, double seconds) {
  if (probe >= histograms_.size()) return;
  std::lock_guard lock(mu_);
  histograms_[probe].record(seconds);
}

std::vector<std::pair<std::string, Histogram>> UserProbeMetrics::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::pair<std::string, Histogram>> out;
  out.reserve(names_.size());
  for (size_t i = 0; i < names_.size(); ++i) out.emplace_back(names_[i], histograms_[i]);
  return out;
}

}  // namespace kotel::metrics
