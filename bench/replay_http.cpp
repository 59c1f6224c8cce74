// Replay benchmark: recorded-style socket events (both ends of keep-alive HTTP
// connections on one host) through the userspace pipeline, one core:
//   baseline: connection tracking + protocol detection only (spans off)
//   spans:    + HTTP/1 stitching + span building (ids, parents, attributes)
//             + RED histograms
//   history:  + what the admin API keeps of every span for `kotel explain`
//             (the last 10,000 spans, their HTTP facts and connection losses)
// Rounds rotate the order; prints events per CPU-second of the replaying
// thread per round, medians and the ratios.
// usage: kotel_replay_bench [rounds=5] [requests-per-round=200000] [connections=1000]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "admin/span_feed.h"
#include "admin/span_history.h"
#include "bench_stats.h"
#include "metrics/http_metrics.h"
#include "pipeline/event_pipeline.h"

using namespace kotel;

namespace {

ingest::Endpoint v4(uint16_t port) {
  ingest::Endpoint e;
  e.addr[10] = e.addr[11] = 0xff;
  e.addr[12] = 127;
  e.addr[15] = 1;
  e.port = port;
  return e;
}

struct Workload {
  std::vector<ingest::Event> opens;
  std::vector<ingest::Event> data;
};

// Client pid 1000 and server pid 2000 talk over `conns` connections; each
// request is 4 events: client write, server read, server write, client read.
Workload make_workload(size_t requests, size_t conns) {
  Workload w;
  const uint32_t client_pid = 1000, server_pid = 2000;
  for (size_t c = 0; c < conns; ++c) {
    uint16_t cport = static_cast<uint16_t>(20000 + c);
    ingest::ConnOpen cli;
    cli.key = {client_pid, static_cast<int32_t>(10 + c), 1 + 2 * c};
    cli.role = ingest::Role::kClient;
    cli.tuple = {v4(cport), v4(8080), 2};
    ingest::ConnOpen srv;
    srv.key = {server_pid, static_cast<int32_t>(10 + c), 2 + 2 * c};
    srv.role = ingest::Role::kServer;
    srv.tuple = {v4(8080), v4(cport), 2};
    w.opens.push_back(cli);
    w.opens.push_back(srv);
  }
  uint64_t ts = 1'000'000;
  std::vector<uint64_t> pos(conns * 4, 0);
  w.data.reserve(requests * 4);
  for (size_t i = 0; i < requests; ++i) {
    size_t c = i % conns;
    std::string req = "GET /api/v1/users/" + std::to_string(i % 5000) +
                      "/orders?page=2 HTTP/1.1\r\nHost: shop.internal:8080\r\nUser-Agent: python-requests/2.31\r\n"
                      "Accept: */*\r\nAccept-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n";
    std::string resp = "HTTP/1.1 200 OK\r\nServer: bench\r\nContent-Type: application/json\r\nContent-Length: 96\r\n\r\n" +
                       std::string(96, 'x');
    auto data = [&](uint32_t pid, size_t slot, ingest::Direction d, const std::string& bytes, uint64_t gen) {
      ingest::Data e;
      e.ts_ns = ts += 1000;
      e.key = {pid, static_cast<int32_t>(10 + c), gen};
      e.tid = pid + static_cast<uint32_t>(c % 8);
      e.direction = d;
      e.position = pos[slot];
      e.bytes = bytes.size();
      e.payload = bytes;
      pos[slot] += bytes.size();
      w.data.push_back(std::move(e));
    };
    data(1000, c * 4 + 0, ingest::Direction::kEgress, req, 1 + 2 * c);
    data(2000, c * 4 + 1, ingest::Direction::kIngress, req, 2 + 2 * c);
    data(2000, c * 4 + 2, ingest::Direction::kEgress, resp, 2 + 2 * c);
    data(1000, c * 4 + 3, ingest::Direction::kIngress, resp, 1 + 2 * c);
  }
  return w;
}

struct Result {
  double events_per_s;
  uint64_t spans;
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

enum class Variant { kTracking, kSpans, kHistory };

Result run(const Workload& w, Variant v) {
  pipeline::EventPipeline pipe(config::PrintMode::kNone, {}, core::MonotonicToRealtime(0), {});
  uint64_t spans = 0;
  metrics::HttpMetrics red(0);  // as the agent does: every span feeds the RED histograms
  admin::SpanHistory history;   // as admin::AgentAdmin::on_span does (no tail subscriber)
  admin::SpanFeed feed;
  bool keep = v == Variant::kHistory;
  if (v != Variant::kTracking)
    pipe.enable_spans({}, [&](kotel::spans::Span&& s) {
      red.record(s);
      if (keep) {
        admin::SpanEntry e = admin::entry_of(s, pipe.tracker());
        feed.publish(e);
        history.add(std::move(e));
      }
      ++spans;
    });
  for (const auto& e : w.opens) pipe.on_event(e);
  // This thread's CPU time, not the wall clock: on a shared machine the
  // wall clock counts other processes' turns and swamps a few-percent difference.
  double t0 = thread_cpu_seconds();
  for (const auto& e : w.data) pipe.on_event(e);
  double secs = thread_cpu_seconds() - t0;
  return {static_cast<double>(w.data.size()) / secs, spans};
}

using kotel::bench::median;

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  size_t requests = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 200000;
  size_t conns = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 1000;
  Workload w = make_workload(requests, conns);
  std::printf("kotel replay bench: %zu requests (%zu events) over %zu keep-alive connections, both ends, %d rounds\n",
              requests, w.data.size(), conns, rounds);
  std::vector<double> base, full, kept, history_ratio;
  for (int r = 0; r < rounds; ++r) {
    // Rotated order: no variant always runs first or last in a round.
    Result b{}, f{}, h{};
    for (int i = 0; i < 3; ++i) {
      switch ((r + i) % 3) {
        case 0: b = run(w, Variant::kTracking); break;
        case 1: f = run(w, Variant::kSpans); break;
        default: h = run(w, Variant::kHistory); break;
      }
    }
    base.push_back(b.events_per_s);
    full.push_back(f.events_per_s);
    kept.push_back(h.events_per_s);
    history_ratio.push_back(h.events_per_s / f.events_per_s);
    std::printf("round %d: tracking only %.2fM events/s | with spans %.2fM events/s (%lu spans, %.2f of baseline) | "
                "+ span history %.2fM events/s (%.3f of spans)\n",
                r + 1, b.events_per_s / 1e6, f.events_per_s / 1e6, static_cast<unsigned long>(f.spans),
                f.events_per_s / b.events_per_s, h.events_per_s / 1e6, h.events_per_s / f.events_per_s);
    if (f.spans != 2 * requests || h.spans != 2 * requests) {
      std::printf("FAIL: %lu/%lu spans, want %zu\n", static_cast<unsigned long>(f.spans),
                  static_cast<unsigned long>(h.spans), 2 * requests);
      return 1;
    }
  }
  double mb = median(base), mf = median(full), mh = median(kept);
  std::printf("median: tracking only %.2fM events/s, with spans %.2fM events/s (%.0f ns/event, %.2f of baseline); "
              "target >= 1M events/s: %s\n",
              mb / 1e6, mf / 1e6, 1e9 / mf, mf / mb, mf >= 1e6 ? "met" : "NOT met");
  std::printf("median: with spans + span history %.2fM events/s (%.0f ns/event): %.3f of spans without history "
              "(median of the per-round ratios %.3f)\n",
              mh / 1e6, 1e9 / mh, mh / mf, median(history_ratio));
  return 0;
}
