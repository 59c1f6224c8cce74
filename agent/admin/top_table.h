#pragma once
// `kotel top`'s figures: spans of one window aggregated per service
// (requests/s, error %, p50/p99 duration, HTTP bytes in and out).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "admin/span_history.h"

namespace kotel::admin::v1 {
class TopFrame;
}

namespace kotel::admin {

class TopTable {
 public:
  void add(const SpanEntry& e);
  // The window's rows (by service name), then a fresh window.
  void take_frame(uint64_t window_ns, v1::TopFrame* out);

 private:
  struct Service {
    uint64_t requests = 0;
    uint64_t errors = 0;
    uint64_t bytes_in = 0;
    uint64_t bytes_out = 0;
    std::vector<uint64_t> durations_ns;
  };
  std::map<std::string, Service, std::less<>> services_;
};

// The q-quantile (0..1) of `values` by nearest rank; reorders them. 0 when empty.
uint64_t quantile(std::vector<uint64_t>& values, double q);

}  // namespace kotel::admin
