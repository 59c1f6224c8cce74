// The HTTP/1 stitcher on an arbitrary connection: segments in either direction,
// split anywhere, with bytes the capture missed and gaps of lost events. It
// must never crash and every exchange it reports must be consistent.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.h"
#include "protocols/http1/stitch.h"

using kotel::fuzz::check;
using kotel::fuzz::inside;
namespace http1 = kotel::protocols::http1;

namespace {
struct CheckingSink : http1::ExchangeSink {
  uint64_t started = 0, done = 0;
  void request_started(http1::Exchange& ex) override {
    ++started;
    check(!ex.method.empty(), "a started request has a method");
  }
  void exchange_done(std::unique_ptr<http1::Exchange> ex) override {
    ++done;
    check(done <= started, "no exchange finishes without starting");
    check(inside(ex->method, ex->head) && inside(ex->target, ex->head) && inside(ex->host, ex->head),
          "request fields point into the exchange's own head copy");
    for (const auto& h : ex->context_headers) check(inside(h.value, ex->head), "header values point into the head");
    check(ex->request_start_ns <= ex->request_end_ns, "a request ends after it starts");
    check(ex->no_response || ex->status != 0 || ex->response_truncated || ex->status == 0,
          "status is set or its absence is explained");
    check(ex->response_end_ns >= ex->request_start_ns || ex->response_end_ns == 0, "responses end after requests start");
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  http1::StitchStats stats;
  auto side = static_cast<http1::RequestSide>(in.ConsumeIntegralInRange<int>(0, 2));
  http1::Stitcher stitcher(side, &stats);
  CheckingSink sink;
  uint64_t ts = 1;
  while (in.remaining_bytes() > 0) {
    bool egress = in.ConsumeBool();
    uint64_t uncaptured = in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, 1 << 20) : 0;
    uint64_t gap = in.ConsumeIntegralInRange<int>(0, 7) == 0 ? in.ConsumeIntegralInRange<uint64_t>(1, 1 << 16) : 0;
    std::string bytes = in.ConsumeRandomLengthString(512);
    http1::Segment seg{ts++, 7, bytes.size() + uncaptured, bytes, gap};
    stitcher.on_segment(egress, seg, sink);
    check(stitcher.pending() <= http1::Stitcher::kMaxPending, "pending requests stay bounded");
  }
  stitcher.on_close(ts, sink);
  check(stitcher.pending() == 0, "closing reports every pending request");
  check(sink.done == sink.started - stats.lost_exchanges - stats.pipeline_overflow,
        "every started request is reported or counted as lost");
  return 0;
}
