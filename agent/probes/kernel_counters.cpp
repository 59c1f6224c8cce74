#include "probes/kernel_counters.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel::probes {

static_assert(kCounterCount == KOTEL_CNT_MAX);
#define KOTEL_PIN(name, abi) static_assert(static_cast<uint32_t>(KernelCounter::name) == (abi), #abi)
KOTEL_PIN(kSysExitHits, KOTEL_CNT_SYS_EXIT_HITS);
KOTEL_PIN(kCloseHits, KOTEL_CNT_CLOSE_HITS);
KOTEL_PIN(kSockStateHits, KOTEL_CNT_SOCK_STATE_HITS);
KOTEL_PIN(kSchedHits, KOTEL_CNT_SCHED_HITS);
KOTEL_PIN(kEventsSent, KOTEL_CNT_EVENTS_SENT);
KOTEL_PIN(kDropRingFull, KOTEL_CNT_DROP_RING_FULL);
KOTEL_PIN(kPayloadTruncated, KOTEL_CNT_PAYLOAD_TRUNCATED);
KOTEL_PIN(kDropMissingStash, KOTEL_CNT_DROP_MISSING_STASH);
KOTEL_PIN(kDropMapFull, KOTEL_CNT_DROP_MAP_FULL);
KOTEL_PIN(kReadFault, KOTEL_CNT_READ_FAULT);
KOTEL_PIN(kConnFiltered, KOTEL_CNT_CONN_FILTERED);
KOTEL_PIN(kSockIoHits, KOTEL_CNT_SOCK_IO_HITS);
KOTEL_PIN(kUnattributed, KOTEL_CNT_UNATTRIBUTED);
KOTEL_PIN(kTcpSignalHits, KOTEL_CNT_TCP_SIGNAL_HITS);
KOTEL_PIN(kTlsCalls, KOTEL_CNT_TLS_CALLS);
KOTEL_PIN(kTlsNoStash, KOTEL_CNT_TLS_NO_STASH);
KOTEL_PIN(kTlsNoFd, KOTEL_CNT_TLS_NO_FD);
KOTEL_PIN(kTlsNoConn, KOTEL_CNT_TLS_NO_CONN);
KOTEL_PIN(kLogWrites, KOTEL_CNT_LOG_WRITES);
KOTEL_PIN(kLogTruncated, KOTEL_CNT_LOG_TRUNCATED);
KOTEL_PIN(kLogDropRingFull, KOTEL_CNT_LOG_DROP_RING_FULL);
KOTEL_PIN(kLogReadFault, KOTEL_CNT_LOG_READ_FAULT);
KOTEL_PIN(kLogWriteFailed, KOTEL_CNT_LOG_WRITE_FAILED);
#undef KOTEL_PIN

const std::vector<std::pair<std::string, KernelCounter>>& counter_names() {
  using C = KernelCounter;
  static const std::vector<std::pair<std::string, KernelCounter>> kNames = {
      {"sys_exit_hits", C::kSysExitHits},
      {"close_hits", C::kCloseHits},
      {"sock_state_hits", C::kSockStateHits},
      {"sched_hits", C::kSchedHits},
      {"events_sent", C::kEventsSent},
      {"drop_ring_full", C::kDropRingFull},
      {"payload_truncated", C::kPayloadTruncated},
      {"drop_missing_stash", C::kDropMissingStash},
      {"drop_map_full", C::kDropMapFull},
      {"payload_read_fault", C::kReadFault},
      {"conn_filtered", C::kConnFiltered},
      {"sock_io_hits", C::kSockIoHits},
      {"unattributed_io", C::kUnattributed},
      {"tcp_signal_hits", C::kTcpSignalHits},
      {"tls_calls", C::kTlsCalls},
      {"tls_drop_no_stash", C::kTlsNoStash},
      {"tls_drop_no_fd", C::kTlsNoFd},
      {"tls_drop_no_connection", C::kTlsNoConn},
      {"log_writes", C::kLogWrites},
      {"log_truncated", C::kLogTruncated},
      {"log_drop_ring_full", C::kLogDropRingFull},
      {"log_read_fault", C::kLogReadFault},
      {"log_write_failed", C::kLogWriteFailed},
  };
  return kNames;
}

}  // namespace kotel::probes
