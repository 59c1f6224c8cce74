#pragma once
// Drains the kernel's ring buffer (or the perf buffer fallback) and hands each
// raw record to a callback. Owns the libbpf reader object (RAII).
//
// Wake-ups are batched on both transports: the kernel wakes the reader only past
// a fill threshold, and poll() drains whatever is there after its timeout.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

namespace kotel::ingest {

using RecordCallback = std::function<void(std::span<const std::byte>)>;

class EventReader {
 public:
  virtual ~EventReader() = default;
  // Waits up to timeout_ms for a wake-up, then drains everything available.
  // Returns the number of records handled, or a negative errno.
  virtual int poll(int timeout_ms) = 0;
  // Records the transport itself reported lost (perf's PERF_RECORD_LOST).
  virtual uint64_t transport_lost() const = 0;
  virtual const char* name() const = 0;
  // How full the buffer got: its size and the most it held when a poll woke,
  // over the last 10-20 s (ring buffer only; the perf buffer says 0, unknown).
  struct Fill {
    uint64_t size_bytes = 0;
    uint64_t peak_used_bytes = 0;
  };
  virtual Fill fill() const { return {}; }

  static std::unique_ptr<EventReader> ring(int map_fd, RecordCallback cb);
  static std::unique_ptr<EventReader> perf(int map_fd, size_t pages_per_cpu, uint32_t wakeup_bytes,
                                           RecordCallback cb);
};

}  // namespace kotel::ingest
