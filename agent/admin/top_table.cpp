#include "admin/top_table.h"

#include <algorithm>
#include <cmath>

#include "kotel/admin/v1/admin.pb.h"

namespace kotel::admin {

uint64_t quantile(std::vector<uint64_t>& values, double q) {
  if (values.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  size_t idx = rank == 0 ? 0 : std::min(rank - 1, values.size() - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(idx), values.end());
  return values[idx];
}

void TopTable::add(const SpanEntry& e) {
  if (e.kind == spans::SpanKind::kInternal) return;  // a user probe's call, not a request
  auto it = services_.find(e.service());
  if (it == services_.end()) it = services_.emplace(std::string(e.service()), Service{}).first;
  Service& s = it->second;
  ++s.requests;
  if (e.status == spans::StatusCode::kError) ++s.errors;
  // A server reads the request and writes the response; a client the reverse.
  bool server = e.kind == spans::SpanKind::kServer;
  s.bytes_in += server ? e.request_bytes() : e.response_bytes();
  s.bytes_out += server ? e.response_bytes() : e.request_bytes();
  s.durations_ns.push_back(e.duration_ns());
}

void TopTable::take_frame(uint64_t window_ns, v1::TopFrame* out) {
  out->set_window_ms(window_ns / 1'000'000);
  double seconds = window_ns ? static_cast<double>(window_ns) / 1e9 : 1.0;
  for (auto& [name, s] : services_) {
    auto* row = out->add_rows();
    row->set_service(name);
    row->set_requests(s.requests);
    row->set_requests_per_s(static_cast<double>(s.requests) / seconds);
    row->set_error_pct(s.requests ? 100.0 * static_cast<double>(s.errors) / static_cast<double>(s.requests) : 0);
    row->set_p50_ms(static_cast<double>(quantile(s.durations_ns, 0.50)) / 1e6);
    row->set_p99_ms(static_cast<double>(quantile(s.durations_ns, 0.99)) / 1e6);
    row->set_bytes_in(s.bytes_in);
    row->set_bytes_out(s.bytes_out);
  }
  for (auto& [name, s] : services_) s = Service{};  // a quiet service stays listed, at zero
}

}  // namespace kotel::admin
