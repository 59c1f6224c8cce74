#include "admin/span_feed.h"

namespace kotel::admin {

bool SpanFilter::matches(const SpanEntry& e) const {
  if (!service.empty() && e.service() != service) return false;
  if (pid && (!e.resource || e.resource->pid != pid)) return false;
  if (e.duration_ns() < min_duration_ns) return false;
  return !errors_only || e.status == spans::StatusCode::kError;
}

}  // namespace kotel::admin
