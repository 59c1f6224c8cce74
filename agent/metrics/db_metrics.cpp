#include "metrics/db_metrics.h"

namespace kotel::metrics {

void DbMetrics::record(const spans::Span& span) {
  if (!span.db) return;
  const auto& d = *span.db;
  std::string service = span.resource ? span.resource->service_name : std::string("unknown_service");
  double seconds = static_cast<double>(span.end_unix_ns - span.start_unix_ns) / 1e9;
  std::lock_guard lock(mu_);
  Key key{service, d.system, d.operation, d.error_type, false};
  auto it = series_.find(key);
  if (it == series_.end()) {
    if (regular_ >= max_series_) {
      ++overflowed_;
      key = Key{service, d.system, "", "", true};
      it = series_.find(key);
      if (it == series_.end()) it = series_.emplace(key, DbSeries{service, d.system, "", "", true, {}}).first;
    } else {
      ++regular_;
      it = series_.emplace(key, DbSeries{service, d.system, d.operation, d.error_type, false, {}}).first;
    }
  }
  it->second.histogram.record(seconds, span);
}

std::vector<DbSeries> DbMetrics::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<DbSeries> out;
  out.reserve(series_.size());
  for (const auto& [k, s] : series_) out.push_back(s);
  return out;
}

uint64_t DbMetrics::overflowed() const {
  std::lock_guard lock(mu_);
  return overflowed_;
}

}  // namespace kotel::metrics
