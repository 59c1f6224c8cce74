// OTLP export benchmark: spans through the batch processor and the trace
// exporter (gRPC and HTTP/protobuf, order rotated per round) to in-process
// receivers that discard them; the baseline in the same run is the generated
// classes' conversion + serialization alone (no network, no queue).
// Prints, per transport, the exporter thread's CPU per span (the whole loop:
// taking the batch, encoding, the call, freeing the spans), the CPU inside
// send() alone, spans/s (wall) and the whole process's CPU per span
// (producer, exporter, transport and receiver together).
// usage: kotel_otlp_export_bench [rounds=5] [spans-per-round=200000] [batch=512] [grpc|http|both]

#include <grpcpp/grpcpp.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "bench_stats.h"
#include "exporters/common/batch_processor.h"
#include "exporters/otlp/trace_convert.h"
#include "exporters/otlp/trace_exporter.h"
#include "protocols/http1/stitch.h"
#include "spans/http_attributes.h"
#include <grpcpp/generic/async_generic_service.h>
#include <httplib.h>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

using namespace kotel;
namespace collector = opentelemetry::proto::collector::trace::v1;

namespace {

// Answers every call with an empty (valid) ExportTraceServiceResponse without
// parsing the request: a receiver that discards, so the figures are kotel's.
class DiscardingService final : public grpc::CallbackGenericService {
 public:
  std::atomic<uint64_t> requests{0}, bytes{0};
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    class Reactor final : public grpc::ServerGenericBidiReactor {
     public:
      explicit Reactor(DiscardingService* s) : s_(s) {
        grpc::Slice empty("");
        out_ = grpc::ByteBuffer(&empty, 1);
        StartRead(&in_);
      }
      void OnReadDone(bool ok) override {
        if (!ok) {
          Finish(grpc::Status::OK);
          return;
        }
        s_->requests.fetch_add(1);
        s_->bytes.fetch_add(in_.Length());
        StartWrite(&out_);
      }
      void OnWriteDone(bool) override { Finish(grpc::Status::OK); }
      void OnDone() override { delete this; }

     private:
      DiscardingService* s_;
      grpc::ByteBuffer in_, out_;
    };
    return new Reactor(this);
  }
};

// The facts of a typical HTTP server exchange, as the pipeline keeps them:
// stitched from real bytes, so attribute rendering (on the exporter's
// thread) is part of what is measured.
std::shared_ptr<const spans::HttpFacts> sample_facts() {
  struct Grab : protocols::http1::ExchangeSink {
    std::unique_ptr<protocols::http1::Exchange> ex;
    void request_started(protocols::http1::Exchange&) override {}
    void exchange_done(std::unique_ptr<protocols::http1::Exchange> e) override { ex = std::move(e); }
  } grab;
  protocols::http1::StitchStats stats;
  protocols::http1::Stitcher st(protocols::http1::RequestSide::kIngress, &stats);
  std::string_view req =
      "GET /api/v1/users/4242/orders HTTP/1.1\r\nHost: shop.internal:8080\r\nUser-Agent: python-requests/2.31\r\n"
      "Accept: */*\r\n\r\n";
  std::string_view resp = "HTTP/1.1 200 OK\r\nContent-Length: 96\r\n\r\n"
                          "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
  st.on_segment(false, {1, 42, req.size(), req, 0}, grab);
  st.on_segment(true, {2, 42, resp.size(), resp, 0}, grab);
  auto facts = std::make_shared<spans::HttpFacts>();
  facts->server = true;
  facts->tuple.local.port = 8080;
  facts->tuple.remote.port = 51234;
  facts->tuple.remote.addr = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3};
  facts->tuple_known = true;
  facts->parent_source = spans::ParentSource::kTuple;
  facts->settings = std::make_shared<const spans::SpanSettings>();
  facts->exchange = std::move(grab.ex);
  return facts;
}

spans::Span sample_span(const std::shared_ptr<const model::Resource>& r,
                        const std::shared_ptr<const spans::HttpFacts>& facts, uint64_t i) {
  spans::Span s;
  s.trace_id.fill(0x42);
  s.trace_id[0] = static_cast<uint8_t>(i);
  s.span_id.fill(0x17);
  s.span_id[0] = static_cast<uint8_t>(i >> 8);
  s.parent_span_id.fill(0x09);
  s.parent_source = spans::ParentSource::kTuple;
  s.kind = spans::SpanKind::kServer;
  s.name = "GET /api/v1/users/{id}/orders";
  s.start_unix_ns = 1'764'000'000'000'000'000 + i * 1000;
  s.end_unix_ns = s.start_unix_ns + 850'000;
  s.http.method = "GET";
  s.http.status = 200;
  s.http_facts = facts;
  s.resource = r;
  return s;
}

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

using kotel::bench::median;

// One transport's figures for one round.
struct Round {
  double thread_us = 0;  // exporter thread CPU per span, whole loop
  double send_us = 0;    // inside send() only
  double wall_rate = 0;  // spans/s
  double process_us = 0; // whole process CPU per span
};

Round export_round(otlp::TraceExporter& exporter, const std::vector<spans::Span>& templates, size_t n,
                   size_t batch) {
  exporters::BatchOptions o;
  o.max_batch = batch;
  o.max_queue = 4 * batch;
  o.schedule_delay = std::chrono::milliseconds(5);
  // The exporter thread's CPU clock read at the start of its first send and
  // the end of its last: everything in between (dequeue, encode, call, frees).
  double first_start = -1, last_end = 0, in_send = 0;
  auto start = std::chrono::steady_clock::now();
  double c0 = cpu_seconds();
  uint64_t exported;
  {
    exporters::BatchProcessor<spans::Span> proc(
        "bench",
        [&](std::span<const spans::Span> b, std::chrono::milliseconds t) {
          double t0 = thread_cpu_seconds();
          if (first_start < 0) first_start = t0;
          auto res = exporter.send(b, t);
          last_end = thread_cpu_seconds();
          in_send += last_end - t0;
          return res;
        },
        o);
    for (size_t i = 0; i < n; ++i) {
      spans::Span s = templates[i % templates.size()];
      while (proc.stats().queued.load(std::memory_order_relaxed) >= o.max_queue) std::this_thread::yield();
      proc.offer(std::move(s));
    }
    proc.shutdown(std::chrono::seconds(60));
    exported = proc.stats().exported.load();
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = cpu_seconds() - c0;
  auto got = static_cast<double>(exported);
  if (exported != n) std::printf("  (only %.0f of %zu spans exported)\n", got, n);
  return {(last_end - first_start) / got * 1e6, in_send / got * 1e6, got / wall, cpu / got * 1e6};
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  size_t n = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 200000;
  size_t batch = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 512;
  std::string which = argc > 4 ? argv[4] : "both";

  DiscardingService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterCallbackGenericService(&service);
  auto server = builder.BuildAndStart();
  // OTLP/HTTP receiver that reads the body and answers 200 with no body.
  httplib::Server http;
  http.set_payload_max_length(64 << 20);
  http.Post("/v1/traces", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content("", "application/x-protobuf");
  });
  int http_port = http.bind_to_any_port("127.0.0.1");
  std::thread http_thread([&] { http.listen_after_bind(); });
  while (!http.is_running()) std::this_thread::yield();

  auto r = std::make_shared<model::Resource>();
  r->service_name = "shop";
  r->pid = 1234;
  r->host_name = "bench";
  std::vector<spans::Span> templates;
  auto facts = sample_facts();
  for (size_t i = 0; i < 4096; ++i) templates.push_back(sample_span(r, facts, i));

  auto resource = otlp::default_agent_resource({});
  struct Transport {
    const char* name;
    std::unique_ptr<otlp::TraceExporter> exporter;
    std::vector<double> thread_us, send_us, wall_rate, process_us;
  };
  std::vector<Transport> transports;
  if (which != "http") {
    otlp::OtlpTarget t;
    t.endpoint = "http://127.0.0.1:" + std::to_string(port);
    transports.push_back({"grpc", otlp::make_grpc_trace_exporter(t, resource)});
  }
  if (which != "grpc") {
    otlp::OtlpTarget t;
    t.endpoint = "http://127.0.0.1:" + std::to_string(http_port) + "/v1/traces";
    transports.push_back({"http", otlp::make_http_trace_exporter(t, resource)});
  }

  std::printf("kotel OTLP export bench: %zu spans per round per transport (HTTP server spans whose ~16 attributes "
              "are rendered on the exporter thread), batches of %zu, to in-process discarding receivers on "
              "127.0.0.1, %d rounds (transport order rotated), %u CPUs\n",
              n, batch, rounds, std::thread::hardware_concurrency());
  std::vector<double> baseline_us;
  for (int round = 0; round < rounds; ++round) {
    // Baseline: the generated classes' convert + serialize of the same batches, no transport.
    double c0 = cpu_seconds();
    size_t bytes = 0;
    for (size_t done = 0; done < n; done += batch) {
      std::span<const spans::Span> b(templates.data(), std::min(batch, n - done));
      google::protobuf::Arena arena;
      auto* req = google::protobuf::Arena::CreateMessage<collector::ExportTraceServiceRequest>(&arena);
      otlp::to_export_request(b, resource, req);
      bytes += req->SerializeAsString().size();
    }
    baseline_us.push_back((cpu_seconds() - c0) / static_cast<double>(n) * 1e6);
    std::printf("round %d: baseline (generated classes: convert + serialize) %.3f us/span, %.0f B/span\n", round + 1,
                baseline_us.back(), static_cast<double>(bytes) / static_cast<double>(n));
    for (size_t k = 0; k < transports.size(); ++k) {
      Transport& t = transports[(k + static_cast<size_t>(round)) % transports.size()];
      Round x = export_round(*t.exporter, templates, n, batch);
      t.thread_us.push_back(x.thread_us);
      t.send_us.push_back(x.send_us);
      t.wall_rate.push_back(x.wall_rate);
      t.process_us.push_back(x.process_us);
      std::printf("  %s: exporter thread %.3f us/span (in send %.3f), %.0fk spans/s wall, process %.3f us/span\n",
                  t.name, x.thread_us, x.send_us, x.wall_rate / 1e3, x.process_us);
    }
  }
  double base = median(baseline_us);
  std::printf("median baseline (generated convert + serialize, no transport): %.3f us/span\n", base);
  for (const Transport& t : transports) {
    double m = median(t.thread_us);
    std::printf("median %s: exporter thread %.3f us/span (%.2f x baseline), in send %.3f us/span, %.0fk spans/s "
                "wall, whole process %.3f us/span; target <= 0.5 us/span on the exporter thread: %s\n",
                t.name, m, m / base, median(t.send_us), median(t.wall_rate) / 1e3, median(t.process_us),
                m <= 0.5 ? "met" : "NOT met");
  }
  http.stop();
  http_thread.join();
  server->Shutdown();
  return 0;
}
