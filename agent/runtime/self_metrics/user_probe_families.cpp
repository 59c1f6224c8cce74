#include "exporters/prometheus/http_metrics_families.h"
#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

void add_user_probe_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  if (in.user_probes.empty()) return;
  MetricFamily calls{"kotel_user_probe_calls_total",
                     "Calls of each user-declared probe (config probes:) in traced processes, as the kernel saw them.",
                     MetricType::kCounter, {}};
  MetricFamily dropped{"kotel_user_probe_dropped_total",
                       "Calls not captured: over the probe's max-per-second (rate_limit), or an outer call whose "
                       "stash a recursive call replaced (nested).",
                       MetricType::kCounter, {}};
  MetricFamily faults{"kotel_user_probe_read_faults_total",
                      "String arguments that could not be read from the process (exported empty).",
                      MetricType::kCounter, {}};
  for (const auto& p : in.user_probes) {
    calls.samples.push_back({{{"probe", p.name}}, static_cast<double>(p.hits)});
    dropped.samples.push_back({{{"probe", p.name}, {"reason", "rate_limit"}}, static_cast<double>(p.rate_dropped)});
    dropped.samples.push_back({{{"probe", p.name}, {"reason", "nested"}}, static_cast<double>(p.nested)});
    faults.samples.push_back({{{"probe", p.name}}, static_cast<double>(p.read_faults)});
  }
  MetricFamily durations{"kotel_user_probe_duration_seconds",
                         "Duration of the captured calls of each user-declared probe (a USDT point: 0).",
                         MetricType::kHistogram, {}};
  for (const auto& [name, h] : in.user_probe_durations)
    prometheus::add_duration_histogram(h, {{"probe", name}}, &durations);
  out.push_back(std::move(calls));
  out.push_back(std::move(dropped));
  out.push_back(std::move(faults));
  out.push_back(std::move(durations));
}

}  // namespace kotel::runtime
