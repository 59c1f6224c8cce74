#include "traced_session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "core/fatal_error.h"
#include "ingest/decoder.h"

namespace kotel::testing {

TracedSession::TracedSession(probes::ProbeOptions opts) {
  probes_ = std::make_unique<probes::BpfProbes>(opts);
  auto cb = [this](std::span<const std::byte> rec) {
    ++records_;
    auto ev = ingest::decode(rec);
    if (ev) events_.push_back(std::move(ev.value()));
    else ++decode_errors_;
  };
  reader_ = probes_->uses_ringbuf() ? ingest::EventReader::ring(probes_->ringbuf_fd(), cb)
                                    : ingest::EventReader::perf(probes_->perf_fd(), 64, 4096, cb);
}

probes::ProbeOptions TracedSession::this_process_only() {
  probes::ProbeOptions o;
  o.agent_tgid = 0;  // the test process is the workload here
  o.pids = {static_cast<uint32_t>(getpid())};
  o.ring_buffer_bytes = 4u << 20;
  o.max_connections = 4096;
  return o;
}

bool TracedSession::wait_for(const std::function<bool(const std::vector<ingest::Event>&)>& pred,
                             std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred(events_)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    reader_->poll(5);
  }
  return true;
}

void TracedSession::drain() {
  while (reader_->poll(0) > 0) {
  }
}

std::unique_ptr<TracedSession> open_session_or_fail(probes::ProbeOptions opts) {
  try {
    return std::make_unique<TracedSession>(std::move(opts));
  } catch (const core::FatalError& e) {
    const char* allow = std::getenv("KOTEL_ALLOW_SKIP_KERNEL_TESTS");
    std::string reason = std::string(e.what()) + " — " + e.hint() + "\n" + e.details();
    if (allow && std::string(allow) == "1") {
      // Record a skip the way the gtest skip macro does, without its `return`
      // (this helper returns a value); only reached with KOTEL_ALLOW_SKIP_KERNEL_TESTS=1.
      ::testing::internal::AssertHelper(::testing::TestPartResult::kSkip, __FILE__, __LINE__,
                                        "KOTEL_ALLOW_SKIP_KERNEL_TESTS=1: skipping, BPF did not load") =
          ::testing::Message() << reason;
      return nullptr;
    }
    ADD_FAILURE() << "BPF programs could not load, kernel tests cannot run "
                     "(set KOTEL_ALLOW_SKIP_KERNEL_TESTS=1 only off the project's machines): "
                  << reason;
    return nullptr;
  }
}

}  // namespace kotel::testing
