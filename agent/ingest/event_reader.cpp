#include "ingest/event_reader.h"

#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/fatal_error.h"

namespace kotel::ingest {
namespace {

class RingReader final : public EventReader {
 public:
  RingReader(int fd, RecordCallback cb) : cb_(std::move(cb)) {
    rb_ = ring_buffer__new(fd, &RingReader::on_record, this, nullptr);
    if (!rb_) throw core::FatalError("cannot open the BPF ring buffer: " + std::string(strerror(errno)), "see kotel check");
  }
  ~RingReader() override { ring_buffer__free(rb_); }

  int poll(int timeout_ms) override {
    count_ = 0;
    int err = ring_buffer__poll(rb_, timeout_ms);
    if (err < 0 && err != -EINTR) return err;
    err = ring_buffer__consume(rb_);  // below the wake-up threshold: nothing woke us
    if (err < 0 && err != -EINTR) return err;
    return count_;
  }
  uint64_t transport_lost() const override { return 0; }
  const char* name() const override { return "ringbuf"; }

 private:
  static int on_record(void* self, void* data, size_t size) {
    auto* r = static_cast<RingReader*>(self);
    r->cb_(std::span<const std::byte>(static_cast<const std::byte*>(data), size));
    ++r->count_;
    return 0;
  }

  RecordCallback cb_;
  ring_buffer* rb_ = nullptr;
  int count_ = 0;
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
