#include "ingest/event_reader.h"

#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <linux/perf_event.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "core/clock.h"
#include "core/fatal_error.h"

namespace kotel::ingest {
namespace {

class RingReader final : public EventReader {
 public:
  RingReader(int fd, RecordCallback cb) : cb_(std::move(cb)) {
    rb_ = ring_buffer__new(fd, &RingReader::on_record, this, nullptr);
    if (!rb_) throw core::FatalError("cannot open the BPF ring buffer: " + std::string(strerror(errno)), "see kotel check");
    map_positions(fd);
  }
  ~RingReader() override {
    ring_buffer__free(rb_);
    if (positions_ != MAP_FAILED) munmap(positions_, 2 * page_);
  }

  int poll(int timeout_ms) override {
    count_ = 0;
    int err = ring_buffer__poll(rb_, timeout_ms);
    if (err < 0 && err != -EINTR) return err;
    note_fill();
    err = ring_buffer__consume(rb_);  // below the wake-up threshold: nothing woke us
    if (err < 0 && err != -EINTR) return err;
    return count_;
  }
  uint64_t transport_lost() const override { return 0; }
  const char* name() const override { return "ringbuf"; }
  Fill fill() const override { return {size_, std::max(peak_, previous_peak_)}; }

 private:
  static int on_record(void* self, void* data, size_t size) {
    auto* r = static_cast<RingReader*>(self);
    r->cb_(std::span<const std::byte>(static_cast<const std::byte*>(data), size));
    ++r->count_;
    return 0;
  }

  // The consumer and producer positions live in the map's first two pages;
  // a read-only mapping of our own reads them (libbpf 1.1 has no accessor).
  void map_positions(int fd) {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    bpf_map_info info{};
    uint32_t len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) size_ = info.max_entries;
    positions_ = mmap(nullptr, 2 * page_, PROT_READ, MAP_SHARED, fd, 0);
  }
  void note_fill() {
    if (positions_ == MAP_FAILED) return;
    const auto* base = static_cast<const volatile uint64_t*>(positions_);
    uint64_t consumer = base[0];
    uint64_t producer = *reinterpret_cast<const volatile uint64_t*>(static_cast<const char*>(positions_) + page_);
    uint64_t used = producer >= consumer ? producer - consumer : 0;
    uint64_t now = core::monotonic_now_ns();
    if (now - window_start_ns_ > 10'000'000'000ULL) {  // a fresh window every 10 s
      previous_peak_ = peak_;
      peak_ = 0;
      window_start_ns_ = now;
    }
    peak_ = std::max(peak_, used);
  }

  RecordCallback cb_;
  ring_buffer* rb_ = nullptr;
  int count_ = 0;
  size_t page_ = 4096;
  void* positions_ = MAP_FAILED;
  uint64_t size_ = 0, peak_ = 0, previous_peak_ = 0, window_start_ns_ = 0;
};

class PerfReader final : public EventReader {
 public:
  PerfReader(int fd, size_t pages, uint32_t wakeup_bytes, RecordCallback cb) : cb_(std::move(cb)) {
    perf_event_attr attr{};
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_BPF_OUTPUT;
    attr.sample_type = PERF_SAMPLE_RAW;
    attr.watermark = 1;  // wake on bytes, not on every sample
    size_t cap = pages * static_cast<size_t>(getpagesize());
    attr.wakeup_watermark = static_cast<uint32_t>(std::min<size_t>(wakeup_bytes, cap / 2));
    pb_ = perf_buffer__new_raw(fd, pages, &attr, &PerfReader::on_event, this, nullptr);
    if (!pb_) throw core::FatalError("cannot open the BPF perf buffer: " + std::string(strerror(errno)), "see kotel check");
  }
  ~PerfReader() override { perf_buffer__free(pb_); }

  int poll(int timeout_ms) override {
    count_ = 0;
    int err = perf_buffer__poll(pb_, timeout_ms);
    if (err < 0 && err != -EINTR) return err;
    err = perf_buffer__consume(pb_);
    if (err < 0 && err != -EINTR) return err;
    return count_;
  }
  uint64_t transport_lost() const override { return lost_; }
  const char* name() const override { return "perf"; }

 private:
  static bpf_perf_event_ret on_event(void* self, int /*cpu*/, perf_event_header* ev) {
    auto* r = static_cast<PerfReader*>(self);
    if (ev->type == PERF_RECORD_SAMPLE) {
      // PERF_SAMPLE_RAW layout: header, u32 size, size bytes of data.
      const auto* base = reinterpret_cast<const std::byte*>(ev) + sizeof(perf_event_header);
      uint32_t size = 0;
      std::memcpy(&size, base, sizeof(size));
      size_t room = ev->size - sizeof(perf_event_header) - sizeof(uint32_t);
      r->cb_(std::span<const std::byte>(base + sizeof(uint32_t), std::min<size_t>(size, room)));
      ++r->count_;
    } else if (ev->type == PERF_RECORD_LOST) {
      uint64_t lost = 0;  // PERF_RECORD_LOST: header, u64 id, u64 lost
      std::memcpy(&lost, reinterpret_cast<const std::byte*>(ev) + sizeof(perf_event_header) + 8, sizeof(lost));
      r->lost_ += lost;
    }
    return LIBBPF_PERF_EVENT_CONT;
  }

  RecordCallback cb_;
  perf_buffer* pb_ = nullptr;
  int count_ = 0;
  uint64_t lost_ = 0;
};

}  // namespace

std::unique_ptr<EventReader> EventReader::ring(int map_fd, RecordCallback cb) {
  return std::make_unique<RingReader>(map_fd, std::move(cb));
}

std::unique_ptr<EventReader> EventReader::perf(int map_fd, size_t pages_per_cpu, uint32_t wakeup_bytes,
                                               RecordCallback cb) {
  return std::make_unique<PerfReader>(map_fd, pages_per_cpu, wakeup_bytes, std::move(cb));
}

}  // namespace kotel::ingest
