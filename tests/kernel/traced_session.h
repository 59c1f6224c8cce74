#pragma once
// A loaded copy of the real BPF programs plus a reader, for kernel tests.
// Events are collected by polling from the test's own thread: wait_for() drives
// the reader until a predicate holds or a deadline passes (no sleeps).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ingest/event_reader.h"
#include "ingest/events.h"
#include "probes/bpf_probes.h"

namespace kotel::testing {

class TracedSession {
 public:
  // Throws core::FatalError when the programs cannot load.
  explicit TracedSession(probes::ProbeOptions opts);

  // Default options for tests: trace only this process, ring buffer.
  static probes::ProbeOptions this_process_only();

  // Polls until pred(events) is true or the timeout passes; returns pred's last value.
  bool wait_for(const std::function<bool(const std::vector<ingest::Event>&)>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Polls until the buffer is empty.
  void drain();
  void clear() { events_.clear(); }

  const std::vector<ingest::Event>& events() const { return events_; }
  probes::BpfProbes& probes() { return *probes_; }
  uint64_t records() const { return records_; }
  uint64_t decode_errors() const { return decode_errors_; }

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events_)
      if (auto* v = std::get_if<T>(&e)) out.push_back(*v);
    return out;
  }

 private:
  std::unique_ptr<probes::BpfProbes> probes_;
  std::unique_ptr<ingest::EventReader> reader_;
  std::vector<ingest::Event> events_;
  uint64_t records_ = 0;
  uint64_t decode_errors_ = 0;
};

// Fails the current test (or skips it when KOTEL_ALLOW_SKIP_KERNEL_TESTS=1)
// with the reason the programs did not load. Returns null in that case.
std::unique_ptr<TracedSession> open_session_or_fail(probes::ProbeOptions opts);

}  // namespace kotel::testing
