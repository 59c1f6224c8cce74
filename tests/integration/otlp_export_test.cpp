// The OTLP trace exporters against a real in-process receiver (gRPC server and
// HTTP server on loopback): both protocols, gzip, a receiver that is down and
// then comes up, 503 with Retry-After, a slow receiver, a 400, partial success.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exporters/common/batch_processor.h"
#include "exporters/otlp/trace_exporter.h"
#include "otlp_receiver.h"

namespace kotel::otlp {
namespace {
using namespace std::chrono_literals;
using testing::OtlpReceiver;
using testing::ReceiverBehaviour;

std::vector<spans::Span> make_spans(size_t n) {
  auto r = std::make_shared<model::Resource>();
  r->service_name = "checkout";
  r->pid = 42;
  std::vector<spans::Span> out(n);
  for (size_t i = 0; i < n; ++i) {
    auto& s = out[i];
    s.trace_id.fill(0x5a);
    s.span_id.fill(static_cast<uint8_t>(i + 1));
    s.kind = spans::SpanKind::kServer;
    s.name = "GET /cart";
    s.start_unix_ns = 1'700'000'000'000'000'000 + i;
    s.end_unix_ns = s.start_unix_ns + 1000;
    s.attributes.push_back({"http.request.method", std::string("GET")});
    s.resource = r;
  }
  return out;
}

OtlpTarget target_for(const std::string& endpoint, bool gzip = false) {
  OtlpTarget t;
  t.endpoint = endpoint;
  t.gzip = gzip;
  t.timeout = 5s;
  t.headers = {{"x-kotel-test", "yes"}};
  return t;
}

using Processor = exporters::BatchProcessor<spans::Span>;

std::unique_ptr<Processor> processor(std::shared_ptr<TraceExporter> exporter, exporters::BatchOptions o = {}) {
  o.schedule_delay = 20ms;
  o.retry_initial = 50ms;
  o.retry_max = 500ms;
  return std::make_unique<Processor>(
      "traces", [exporter](std::span<const spans::Span> b, std::chrono::milliseconds t) { return exporter->send(b, t); },
      o);
}

struct Protocol {
  const char* name;
  bool grpc;
  bool gzip;
};

class BothProtocols : public ::testing::TestWithParam<Protocol> {
 protected:
  std::shared_ptr<TraceExporter> exporter_for(const OtlpReceiver& r) {
    const Protocol& p = GetParam();
    return p.grpc ? std::shared_ptr<TraceExporter>(make_grpc_trace_exporter(target_for(r.grpc_endpoint(), p.gzip),
                                                                             default_agent_resource({})))
                  : std::shared_ptr<TraceExporter>(make_http_trace_exporter(target_for(r.http_endpoint(), p.gzip),
                                                                             default_agent_resource({})));
  }
};

TEST_P(BothProtocols, SpansArriveWithHeadersAndEncoding) {
  OtlpReceiver receiver;
  auto exporter = exporter_for(receiver);
  auto result = exporter->send(make_spans(3), 5s);
  ASSERT_EQ(result.status, exporters::ExportStatus::kOk) << result.error;
  ASSERT_EQ(receiver.spans(), 3u);
  auto reqs = receiver.accepted();
  ASSERT_EQ(reqs.size(), 1u);
  const auto& span = reqs[0].resource_spans(0).scope_spans(0).spans(2);
  EXPECT_EQ(span.span_id(), std::string(8, '\x03'));
  EXPECT_EQ(span.name(), "GET /cart");
  EXPECT_EQ(receiver.header_values("x-kotel-test"), std::vector<std::string>{"yes"});
  // gRPC inflates before the service sees the call (and hides grpc-encoding):
  // only the HTTP receiver can tell what arrived on the wire.
  if (!GetParam().grpc) EXPECT_EQ(receiver.content_encodings()[0], GetParam().gzip ? "gzip" : "");
}

TEST_P(BothProtocols, ReceiverDownAtStartThenUpLosesNothingWithinTheQueue) {
  uint16_t grpc_port, http_port;
  {
    OtlpReceiver probe;  // learn two free ports, then free them
    grpc_port = probe.grpc_port();
    http_port = probe.http_port();
  }
  const Protocol& p = GetParam();
  std::string endpoint = p.grpc ? "http://127.0.0.1:" + std::to_string(grpc_port)
                                : "http://127.0.0.1:" + std::to_string(http_port) + "/v1/traces";
  auto exporter = std::shared_ptr<TraceExporter>(
      p.grpc ? make_grpc_trace_exporter(target_for(endpoint, p.gzip), default_agent_resource({}))
             : make_http_trace_exporter(target_for(endpoint, p.gzip), default_agent_resource({})));
  auto proc = processor(exporter);
  for (auto& s : make_spans(50)) proc->offer(std::move(s));
  // Nothing listens yet: the first attempts fail and are retried.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (proc->stats().failures.load() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_GT(proc->stats().failures.load(), 0u);
  OtlpReceiver receiver({}, grpc_port, http_port);
  EXPECT_EQ(receiver.wait_for_spans(50, 15s), 50u);
  // The receiver records a request before its answer reaches the exporter.
  deadline = std::chrono::steady_clock::now() + 10s;
  while (proc->stats().exported.load() < 50 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  EXPECT_EQ(proc->stats().exported.load(), 50u);
  EXPECT_EQ(proc->stats().dropped_queue_full.load() + proc->stats().dropped_permanent.load(), 0u);
}

TEST_P(BothProtocols, RetryableFailuresThenSuccess) {
  ReceiverBehaviour b;
  b.fail_first = 2;
  b.retry_after_s = 1;
  OtlpReceiver receiver(b);
  auto proc = processor(exporter_for(receiver));
  auto start = std::chrono::steady_clock::now();
  for (auto& s : make_spans(5)) proc->offer(std::move(s));
  EXPECT_EQ(receiver.wait_for_spans(5, 15s), 5u);
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (proc->stats().exported.load() < 5 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  EXPECT_EQ(receiver.requests(), 3);
  EXPECT_EQ(proc->stats().failures.load(), 2u);
  if (!GetParam().grpc) EXPECT_GE(std::chrono::steady_clock::now() - start, 2s);  // Retry-After: 1 s, twice
}

TEST_P(BothProtocols, PermanentErrorIsNotRetried) {
  ReceiverBehaviour b;
  b.fail_first = 1000;
  b.http_status = 400;
  b.grpc_code = 3;  // INVALID_ARGUMENT
  OtlpReceiver receiver(b);
  auto proc = processor(exporter_for(receiver));
  for (auto& s : make_spans(4)) proc->offer(std::move(s));
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (proc->stats().dropped_permanent.load() < 4 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  proc->shutdown(1s);
  EXPECT_EQ(proc->stats().dropped_permanent.load(), 4u);
  EXPECT_EQ(receiver.requests(), 1);
}

TEST_P(BothProtocols, PartialSuccessIsCounted) {
  ReceiverBehaviour b;
  b.reject_spans = 2;
  OtlpReceiver receiver(b);
  auto result = exporter_for(receiver)->send(make_spans(6), 5s);
  EXPECT_EQ(result.status, exporters::ExportStatus::kOk);
  EXPECT_EQ(result.rejected, 2u);
}

TEST_P(BothProtocols, SlowReceiverFillsTheQueueDropsAreCountedMemoryBounded) {
  ReceiverBehaviour b;
  b.delay = 300ms;
  OtlpReceiver receiver(b);
  exporters::BatchOptions o;
  o.max_queue = 200;
  o.max_batch = 50;
  auto proc = processor(exporter_for(receiver), o);
  size_t offered = 5000;
  for (auto& s : make_spans(offered)) proc->offer(std::move(s));
  EXPECT_LE(proc->stats().queued.load(), 200u);
  EXPECT_GT(proc->stats().dropped_queue_full.load(), 4000u);
  auto [sent, abandoned] = proc->shutdown(10s);
  const auto& st = proc->stats();
  EXPECT_EQ(st.exported.load() + st.dropped_queue_full.load() + st.dropped_shutdown.load(), offered);
  EXPECT_EQ(receiver.spans(), st.exported.load());
}

// A receiver that accepts the connection and never answers (a hung collector,
// a port that is something else): each export fails within its timeout, the
// connection attempt included, and is counted as a failure.
TEST_P(BothProtocols, AReceiverThatNeverAnswersFailsWithinTheTimeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  ASSERT_EQ(::listen(fd, 16), 0);  // the kernel completes handshakes; nobody reads
  socklen_t len = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  std::string endpoint = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
  const Protocol& p = GetParam();
  auto target = target_for(p.grpc ? endpoint : endpoint + "/v1/traces", p.gzip);
  target.timeout = 1000ms;  // --otlp-timeout-ms; the batch processor's own limit below is 30 s
  std::shared_ptr<TraceExporter> exporter =
      p.grpc ? std::shared_ptr<TraceExporter>(make_grpc_trace_exporter(target, default_agent_resource({})))
             : std::shared_ptr<TraceExporter>(make_http_trace_exporter(target, default_agent_resource({})));
  auto batch = make_spans(3);
  for (int attempt = 0; attempt < 2; ++attempt) {  // the first call also connects
    auto start = std::chrono::steady_clock::now();
    auto r = exporter->send(batch, 30000ms);
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_NE(r.status, exporters::ExportStatus::kOk) << "attempt " << attempt;
    EXPECT_LT(took, 2500ms) << "attempt " << attempt << " took "
                            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  }
  ::close(fd);
}

INSTANTIATE_TEST_SUITE_P(Otlp, BothProtocols,
                         ::testing::Values(Protocol{"grpc", true, false}, Protocol{"grpc_gzip", true, true},
                                           Protocol{"http", false, false}, Protocol{"http_gzip", false, true}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kotel::otlp
