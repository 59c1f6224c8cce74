// Log lines through the userspace pipeline on one core: writes of ~100-byte
// lines (plain text with a level, and JSON) through LogsStage (assembly,
// severity, timestamp, JSON fields, resource, rate limit off), against line
// assembly alone as the baseline, in alternating rounds.
//   kotel_logs_bench [rounds=5] [lines=500000]
// Prints lines/s per round and the medians.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_stats.h"
#include "logs/line_assembler.h"
#include "pipeline/logs_stage.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<kotel::ingest::LogWrite> make_writes(size_t lines) {
  std::vector<kotel::ingest::LogWrite> out;
  out.reserve(lines);
  for (size_t i = 0; i < lines; ++i) {
    kotel::ingest::LogWrite w;
    w.pid = 1000 + static_cast<uint32_t>(i % 8);
    w.tid = w.pid;
    w.fd = i % 3 == 0 ? 2 : 1;
    w.ts_ns = 1'000'000 + i * 1000;
    if (i % 4 == 0)
      w.payload = R"({"level":"info","time":"2026-12-02T14:00:00.123Z","msg":"served","path":"/api/items","ms":1.2})"
                  "\n";
    else
      w.payload = "2026-12-02 14:00:00,000 INFO request " + std::to_string(i) + " served in 1.2 ms status=200\n";
    w.bytes = w.payload.size();
    out.push_back(std::move(w));
  }
  return out;
}

double run_assembler(const std::vector<kotel::ingest::LogWrite>& writes) {
  uint64_t n = 0;
  kotel::logs::LineAssembler a({}, [&](kotel::logs::AssembledLine&&) { ++n; });
  auto t0 = Clock::now();
  for (const auto& w : writes) a.on_write(w.pid, w.tid, w.fd, w.ts_ns, w.payload, false);
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  return static_cast<double>(n) / s;
}

double run_stage(const std::vector<kotel::ingest::LogWrite>& writes) {
  uint64_t n = 0;
  auto resource = std::make_shared<const kotel::model::Resource>();
  kotel::pipeline::LogSettings settings;
  settings.rate_limit = 0;
  kotel::pipeline::LogsStage stage(
      settings, [&](uint32_t) { return resource; },
      [](uint32_t, uint32_t) -> const kotel::spans::LinkContext* { return nullptr; },
      [](uint32_t) { return std::string("bench"); }, kotel::core::MonotonicToRealtime(0),
      [&](kotel::logs::LogRecord&&) { ++n; });
  auto t0 = Clock::now();
  for (const auto& w : writes) stage.on_write(w);
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  return static_cast<double>(n) / s;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  size_t lines = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 500000;
  auto writes = make_writes(lines);
  std::vector<double> base, full;
  for (int r = 0; r < rounds; ++r) {
    base.push_back(run_assembler(writes));
    full.push_back(run_stage(writes));
    std::printf("round %d: assembly only %.0f lines/s, full stage %.0f lines/s\n", r + 1, base.back(), full.back());
  }
  double mb = kotel::bench::median(base), mf = kotel::bench::median(full);
  std::printf("median: assembly only %.0f lines/s, full stage %.0f lines/s (%.2f of the baseline), %.2f us/line\n", mb,
              mf, mf / mb, 1e6 / mf);
  return 0;
}
