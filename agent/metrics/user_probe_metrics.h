#pragma once
// Durations of the calls of user-declared probes (config `probes:`), one
// histogram per probe. Recorded on the reader thread, read by scrapes.

#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "metrics/http_metrics.h"

namespace kotel::metrics {

class UserProbeMetrics {
 public:
  explicit UserProbeMetrics(std::vector<std::string> probe_names)
      : names_(std::move(probe_names)), histograms_(names_.size()) {}
  void record(uint32_t probe, double seconds);
  std::vector<std::pair<std::string, Histogram>> snapshot() const;  // by probe, in config order

 private:
  mutable std::mutex mu_;
  std::vector<std::string> names_;
  std::vector<Histogram> histograms_;
};

}  // namespace kotel::metrics
