// OTLP export benchmark: spans through the batch processor and the gRPC trace
// exporter to an in-process receiver that only counts them, in rounds; the
// baseline in the same run is conversion + serialization alone (no network).
// Prints spans/s (wall) and spans per CPU-second of the whole process
// (exporter, gRPC and the receiver together: a conservative per-core figure).
// usage: kotel_otlp_export_bench [rounds=5] [spans-per-round=200000] [batch=512]

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
#include "exporters/otlp/trace_exporter.h"
#include "protocols/http1/stitch.h"
#include "spans/http_attributes.h"
#include <grpcpp/generic/async_generic_service.h>

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

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  size_t n = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 200000;
  size_t batch = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 512;

  DiscardingService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterCallbackGenericService(&service);
  auto server = builder.BuildAndStart();

  auto r = std::make_shared<model::Resource>();
  r->service_name = "shop";
  r->pid = 1234;
  r->host_name = "bench";
  std::vector<spans::Span> templates;
  auto facts = sample_facts();
  for (size_t i = 0; i < 4096; ++i) templates.push_back(sample_span(r, facts, i));

  otlp::OtlpTarget target;
  target.endpoint = "http://127.0.0.1:" + std::to_string(port);
  auto resource = otlp::default_agent_resource({});
  std::shared_ptr<otlp::TraceExporter> exporter = otlp::make_grpc_trace_exporter(target, resource);

  std::printf("kotel OTLP export bench: %zu spans per round (HTTP server spans whose ~16 attributes are rendered on the exporter thread), batches of %zu, gRPC to an in-process "
              "discarding receiver on 127.0.0.1, %d rounds, %u CPUs\n",
              n, batch, rounds, std::thread::hardware_concurrency());
  std::vector<double> ser_rate, wall_rate, cpu_rate, thread_rate;
  for (int round = 0; round < rounds; ++round) {
    // Baseline: convert + serialize the same batches, no transport.
    double c0 = cpu_seconds();
    size_t bytes = 0;
    for (size_t done = 0; done < n; done += batch) {
      std::span<const spans::Span> b(templates.data(), std::min(batch, n - done));
      google::protobuf::Arena arena;
      auto* req = google::protobuf::Arena::CreateMessage<collector::ExportTraceServiceRequest>(&arena);
      otlp::to_export_request(b, resource, req);
      bytes += req->SerializeAsString().size();
    }
    double ser = static_cast<double>(n) / (cpu_seconds() - c0);

    uint64_t exported = 0;
    exporters::BatchOptions o;
    o.max_batch = batch;
    o.max_queue = 4 * batch;
    o.schedule_delay = std::chrono::milliseconds(5);
    auto start = std::chrono::steady_clock::now();
    c0 = cpu_seconds();
    uint64_t dropped;
    std::atomic<double> exporter_cpu{0};
    {
      exporters::BatchProcessor<spans::Span> proc(
          "bench",
          [&](std::span<const spans::Span> b, std::chrono::milliseconds t) {
            double t0 = thread_cpu_seconds();
            auto res = exporter->send(b, t);
            exporter_cpu.store(exporter_cpu.load() + thread_cpu_seconds() - t0);
            return res;
          },
          o);
      for (size_t i = 0; i < n; ++i) {
        spans::Span s = templates[i % templates.size()];
        while (proc.stats().queued.load(std::memory_order_relaxed) >= o.max_queue) std::this_thread::yield();
        proc.offer(std::move(s));
      }
      proc.shutdown(std::chrono::seconds(60));
      dropped = proc.stats().dropped_queue_full.load() + proc.stats().dropped_shutdown.load();
      exported = proc.stats().exported.load();
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = cpu_seconds() - c0;
    uint64_t got = exported;
    wall_rate.push_back(static_cast<double>(got) / wall);
    cpu_rate.push_back(static_cast<double>(got) / cpu);
    thread_rate.push_back(static_cast<double>(got) / exporter_cpu.load());
    ser_rate.push_back(ser);
    std::printf("round %d: serialize only %.0fk spans/CPU-s (%.0f B/span) | exported %lu (dropped %lu) in %.2f s: "
                "%.0fk spans/s wall, %.0fk spans/CPU-s of the process, %.0fk per CPU-s of the exporter thread\n",
                round + 1, ser / 1e3, static_cast<double>(bytes) / static_cast<double>(n),
                static_cast<unsigned long>(got), static_cast<unsigned long>(dropped), wall, wall_rate.back() / 1e3,
                cpu_rate.back() / 1e3, thread_rate.back() / 1e3);
  }
  double m = median(thread_rate);
  std::printf("median: %.0fk spans/s wall; %.0fk spans per CPU-second of the exporter thread (convert, serialize, "
              "gRPC call), %.0fk per CPU-second of the whole process incl. the receiver; serialize-only baseline "
              "%.0fk (%.2f of it); target >= 100k spans/s/core: %s\n",
              median(wall_rate) / 1e3, m / 1e3, median(cpu_rate) / 1e3, median(ser_rate) / 1e3,
              m / median(ser_rate), m >= 100e3 ? "met" : "NOT met");
  server->Shutdown();
  return 0;
}
