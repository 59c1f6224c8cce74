#pragma once
// db.client.operation.duration: database and cache calls (CLIENT spans with a
// DbSummary) as histograms per service, system, operation and error type.
// Bounded: past `max_series` one overflow series per service takes the rest
// (counted). Recorded on the reader thread, read by scrapes.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "metrics/http_metrics.h"
#include "spans/span.h"

namespace kotel::metrics {

struct DbSeries {
  std::string service, system, operation, error_type;  // operation "" in the overflow series
  bool overflow = false;
  Histogram histogram;
};

class DbMetrics {
 public:
  explicit DbMetrics(size_t max_series = 2000) : max_series_(max_series) {}
  void record(const spans::Span& span);  // spans without `db` are ignored
  std::vector<DbSeries> snapshot() const;
  uint64_t overflowed() const;

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string, bool>;
  mutable std::mutex mu_;
  std::map<Key, DbSeries> series_;
  size_t regular_ = 0;
  size_t max_series_;
  uint64_t overflowed_ = 0;
};

}  // namespace kotel::metrics
