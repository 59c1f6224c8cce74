#include "runtime/stage_settings.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <ctime>

#include "core/fatal_error.h"
#include "core/text.h"
#include "discovery/cgroup.h"
#include "probes/host_checks.h"

namespace kotel::runtime {
namespace {

uint64_t cgroup_id_or_throw(const std::string& path) {
  auto id = discovery::cgroup_id_of(path);
  if (!id) throw core::FatalError(id.error(), "give a cgroup v2 path relative to the cgroup2 mount, e.g. /system.slice/nginx.service");
  return id.value();
}

// Seconds east of UTC here, for log timestamps written without a zone.
int64_t local_utc_offset_s() {
  time_t now = time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  return local.tm_gmtoff;
}

}  // namespace

probes::ProbeOptions probe_options(const config::Config& cfg) {
  probes::ProbeOptions o;
  o.agent_tgid = static_cast<uint32_t>(getpid());
  o.use_ringbuf = cfg.transport == config::Transport::kRingBuffer ||
                  (cfg.transport == config::Transport::kAuto && probes::kernel_has_ringbuf());
  if (cfg.transport == config::Transport::kAuto && !o.use_ringbuf)
    spdlog::warn("this kernel has no BPF ring buffer: falling back to the perf buffer");
  o.io_hooks = cfg.io_hooks == config::IoHooks::kSocket    ? probes::IoHooks::kSocket
               : cfg.io_hooks == config::IoHooks::kSyscall ? probes::IoHooks::kSyscall
                                                           : probes::IoHooks::kAuto;
  o.payload_bytes = cfg.payload_bytes;
  o.ring_buffer_bytes = cfg.ring_buffer_bytes;
  o.wakeup_bytes = cfg.wakeup_bytes;
  o.max_connections = cfg.max_connections;
  o.pids = cfg.pids;
  o.exclude_pids = cfg.exclude_pids;
  o.ports = cfg.ports;
  o.exclude_ports = cfg.exclude_ports;
  o.tls = cfg.tls;
  o.user_probes = !cfg.user_probes.empty();
  o.tls_exclude_pids = cfg.tls_exclude_pids;
  o.log_payload_bytes = cfg.log_payload_bytes;
  o.logs_exclude_pids = cfg.logs_exclude_pids;
  for (const auto& p : cfg.cgroups) o.cgroup_ids.push_back(cgroup_id_or_throw(p));
  for (const auto& p : cfg.exclude_cgroups) o.exclude_cgroup_ids.push_back(cgroup_id_or_throw(p));
  return o;
}

spans::SamplerConfig sampler_config(const config::Config& cfg, const config::OtlpConfig& otlp) {
  spans::SamplerConfig s;
  const std::string& name = otlp.traces_sampler;
  s.parent_based = name.rfind("parentbased_", 0) == 0;
  std::string root = s.parent_based ? name.substr(12) : name;
  s.root = root == "always_off"     ? spans::SamplerConfig::Root::kAlwaysOff
           : root == "traceidratio" ? spans::SamplerConfig::Root::kRatio
                                    : spans::SamplerConfig::Root::kAlwaysOn;
  s.ratio = otlp.traces_sampler_arg;
  s.service_ratio = cfg.sampling_by_service;
  return s;
}

spans::SpanSettings span_settings(const config::Config& cfg, const config::OtlpConfig& otlp) {
  spans::SpanSettings s;
  s.sampler = spans::Sampler(sampler_config(cfg, otlp));
  s.capture_headers = cfg.capture_headers;
  for (auto& h : s.capture_headers) h = core::to_lower(h);
  s.capture_query = cfg.capture_query;
  s.withhold_sdk_spans = cfg.sdk_processes == config::SdkSpans::kSkip;
  s.baggage_prefix = cfg.baggage_prefix;
  s.baggage_allow = cfg.baggage_allow;
  s.baggage_deny = cfg.baggage_deny;
  s.baggage_attributes = cfg.baggage_attributes;
  s.baggage_max_entries = cfg.baggage_max_entries;
  s.baggage_max_bytes = cfg.baggage_max_bytes;
  s.max_templates_per_service = cfg.max_route_templates;
  return s;
}

pipeline::LogSettings log_settings(const config::Config& cfg) {
  pipeline::LogSettings s;
  s.max_record_bytes = cfg.log_max_record_bytes;
  s.rate_limit = cfg.log_rate_limit;
  s.exclude_services = cfg.logs_exclude_services;
  s.pids = cfg.pids;
  s.exclude_pids = cfg.exclude_pids;
  s.exclude_pids.insert(s.exclude_pids.end(), cfg.logs_exclude_pids.begin(), cfg.logs_exclude_pids.end());
  s.local_utc_offset_s = local_utc_offset_s();
  return s;
}

}  // namespace kotel::runtime
