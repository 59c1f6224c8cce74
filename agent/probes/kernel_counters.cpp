#include "probes/kernel_counters.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel::probes {

static_assert(kCounterCount == KOTEL_CNT_MAX);

const std::vector<std::pair<std::string, uint32_t>>& counter_names() {
  static const std::vector<std::pair<std::string, uint32_t>> kNames = {
      {"sys_exit_hits", KOTEL_CNT_SYS_EXIT_HITS},
      {"close_hits", KOTEL_CNT_CLOSE_HITS},
      {"sock_state_hits", KOTEL_CNT_SOCK_STATE_HITS},
      {"sched_hits", KOTEL_CNT_SCHED_HITS},
      {"events_sent", KOTEL_CNT_EVENTS_SENT},
      {"drop_ring_full", KOTEL_CNT_DROP_RING_FULL},
      {"payload_truncated", KOTEL_CNT_PAYLOAD_TRUNCATED},
      {"drop_missing_stash", KOTEL_CNT_DROP_MISSING_STASH},
      {"drop_map_full", KOTEL_CNT_DROP_MAP_FULL},
      {"payload_read_fault", KOTEL_CNT_READ_FAULT},
      {"conn_filtered", KOTEL_CNT_CONN_FILTERED},
      {"sock_io_hits", KOTEL_CNT_SOCK_IO_HITS},
      {"unattributed_io", KOTEL_CNT_UNATTRIBUTED},
      {"tcp_signal_hits", KOTEL_CNT_TCP_SIGNAL_HITS},
      {"tls_calls", KOTEL_CNT_TLS_CALLS},
      {"tls_drop_no_stash", KOTEL_CNT_TLS_NO_STASH},
      {"tls_drop_no_fd", KOTEL_CNT_TLS_NO_FD},
      {"tls_drop_no_connection", KOTEL_CNT_TLS_NO_CONN},
      {"log_writes", KOTEL_CNT_LOG_WRITES},
      {"log_truncated", KOTEL_CNT_LOG_TRUNCATED},
      {"log_drop_ring_full", KOTEL_CNT_LOG_DROP_RING_FULL},
      {"log_read_fault", KOTEL_CNT_LOG_READ_FAULT},
      {"log_write_failed", KOTEL_CNT_LOG_WRITE_FAILED},
  };
  return kNames;
}

}  // namespace kotel::probes
