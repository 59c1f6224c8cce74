#pragma once
// RESP (Redis serialization protocol, RESP2 and RESP3), read as a stream: bytes
// in, whole top-level values out, in order, however the stream is cut. Keeps
// only what a span needs: a command's name and argument count, a reply's kind
// and an error's first word. Bulk payloads are skipped by their length, so a
// value the capture cut short (uncaptured bytes) costs nothing and loses no
// sync; a line that is not RESP stops the reader for good.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kotel::protocols::redis {

struct RespValue {
  char type = 0;              // the top-level type byte: '*' array, '+', '-', ':', '$', '!' blob error, ...
  std::string command;        // an array of bulk strings: its first element (upper-cased, at most 32 bytes)
  uint32_t elements = 0;      // an array: its element count
  bool error = false;         // '-' or '!'
  std::string error_prefix;   // an error's first word ("ERR", "WRONGTYPE"), at most 32 bytes
  uint64_t start_ns = 0;      // the segment its first byte came in
  uint64_t end_ns = 0;        // the segment its last byte came in
  uint32_t tid = 0;
};

class RespReader {
 public:
  static constexpr size_t kMaxLine = 65536;  // a simple string or error longer than this: not RESP we follow
  static constexpr size_t kMaxDepth = 32;    // nesting of aggregates

  // `captured`: the bytes the kernel copied; `uncaptured`: how many more the
  // call moved (cut by the payload limit). Complete values are appended to `out`.
  void feed(std::string_view captured, uint64_t uncaptured, uint64_t ts_ns, uint32_t tid, std::vector<RespValue>* out);
  // A gap (bytes lost in transport) or a line that is not RESP: no more values.
  void lose_sync() { broken_ = true; }
  bool broken() const { return broken_; }

 private:
  void on_line(std::string_view line, std::vector<RespValue>* out);
  void element_done(std::vector<RespValue>* out);
  std::string line_;           // a line being assembled across segments
  uint64_t skip_ = 0;          // bytes of a bulk payload (and its CRLF) still to skip
  bool capture_bulk_ = false;  // the payload being skipped is the command name: keep its first bytes
  std::vector<int64_t> pending_;  // per open aggregate: elements still to come
  RespValue current_;
  bool in_value_ = false;
  bool broken_ = false;
  uint64_t ts_ns_ = 0;
  uint32_t tid_ = 0;
};

}  // namespace kotel::protocols::redis
