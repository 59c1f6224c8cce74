#pragma once
// Writes to stdout/stderr -> whole lines, per (pid, fd): a line may come in
// any number of writes, and one write may hold many lines. Bounded: a line
// longer than the cap is cut (the rest up to its newline dropped), a partial
// line waits at most `idle_ns`, a process's partial lines go when it exits.
// Pure: no clock of its own.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kotel::logs {

struct AssembledLine {
  uint32_t pid = 0;
  uint32_t tid = 0;        // the thread that wrote the line's first byte
  uint8_t fd = 1;
  uint64_t ts_ns = 0;      // kernel time of the write holding its first byte
  std::string text;        // without the newline (and a trailing \r)
  bool truncated = false;  // cut at the cap, or bytes the kernel did not copy
  bool complete = true;    // false: flushed without its newline (idle, exit, eviction)
};

struct AssemblerStats {
  uint64_t lines = 0;
  uint64_t truncated = 0;       // lines cut (cap or kernel prefix)
  uint64_t partial_flushed = 0; // lines sent without their newline
  uint64_t evicted = 0;         // streams flushed early because the table was full
};

class LineAssembler {
 public:
  using Sink = std::function<void(AssembledLine&&)>;
  struct Limits {
    size_t max_line_bytes = 8192;
    uint64_t idle_ns = 1'000'000'000;
    size_t max_streams = 4096;
  };
  LineAssembler(Limits limits, Sink sink) : limits_(limits), sink_(std::move(sink)) {}

  // One write. `cut`: the kernel copied only a prefix of what was written, so
  // the line in progress at its end is incomplete and what follows is unknown.
  void on_write(uint32_t pid, uint32_t tid, uint8_t fd, uint64_t ts_ns, std::string_view bytes, bool cut);
  // Flushes partial lines whose last write is older than idle_ns.
  void tick(uint64_t now_ns);
  void on_exit(uint32_t pid);
  // A line of this stream is in progress (its first bytes came in an earlier write).
  bool in_line(uint32_t pid, uint8_t fd) const {
    auto it = streams_.find(key(pid, fd));
    return it != streams_.end() && it->second.started;
  }
  size_t streams() const { return streams_.size(); }
  const AssemblerStats& stats() const { return stats_; }

 private:
  struct Stream {
    std::string buf;
    uint32_t tid = 0;
    uint64_t first_ts = 0;   // of the line in progress
    uint64_t last_ts = 0;
    bool started = false;    // a line is in progress (its tid and time are set)
    bool truncated = false;  // the line in progress was already cut
    bool skipping = false;   // dropping the rest of a cut line up to its newline
  };
  static uint64_t key(uint32_t pid, uint8_t fd) { return uint64_t{pid} << 8 | fd; }
  void emit(uint32_t pid, uint8_t fd, Stream& s, bool complete);
  void append(Stream& s, uint32_t pid, uint8_t fd, std::string_view part);
  void evict_oldest();

  Limits limits_;
  Sink sink_;
  std::unordered_map<uint64_t, Stream> streams_;
  AssemblerStats stats_;
};

}  // namespace kotel::logs
