// TLS: the uprobe attacher's state.
#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

// Libraries and processes the OpenSSL uprobes are on.
void add_tls_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  if (in.tls) {
    out.push_back(gauge("kotel_tls_libraries_attached", "OpenSSL library files (or executables) with the uprobes on now.",
                        static_cast<double>(in.tls->files_attached)));
    out.push_back(gauge("kotel_tls_processes", "Processes using a library file kotel has attached to.",
                        static_cast<double>(in.tls->processes)));
    out.push_back(counter("kotel_tls_attach_failures_total", "OpenSSL files whose uprobes the kernel refused (not retried).",
                          static_cast<double>(in.tls->attach_failures)));
    out.push_back(counter("kotel_tls_detaches_total", "OpenSSL files let go when their last process went.",
                          static_cast<double>(in.tls->detaches)));
  }
}

}  // namespace kotel::runtime
