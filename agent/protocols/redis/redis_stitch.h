#pragma once
// One Redis client connection: commands it sent (RESP arrays) paired in order
// with the replies it read, pipelining included (N commands, then N replies).
// Out-of-band RESP3 pushes pair with nothing; after SUBSCRIBE or MONITOR the
// replies are a stream of messages, so the connection stops making calls.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "protocols/redis/resp_reader.h"

namespace kotel::protocols::redis {

struct RedisCall {
  std::string command;       // "GET", "SET", ... (upper case)
  uint32_t arguments = 0;    // after the command name
  uint64_t start_ns = 0;     // the command's first byte sent
  uint64_t end_ns = 0;       // the reply's last byte read
  uint32_t tid = 0;          // the thread that sent the command
  bool error = false;
  std::string error_prefix;  // "ERR", "WRONGTYPE", ...
};

struct RedisStats {
  uint64_t calls = 0;
  uint64_t lost_sync = 0;         // connections whose stream stopped being followed (gap, not RESP)
  uint64_t unanswered = 0;        // commands still waiting when the connection closed
  uint64_t stopped_streaming = 0; // connections that turned into SUBSCRIBE/MONITOR streams
};

class RedisStitcher {
 public:
  static constexpr size_t kMaxPending = 1024;  // pipelined commands awaiting replies

  explicit RedisStitcher(RedisStats* stats) : stats_(stats) {}
  // `egress`: bytes the client sent (commands); else replies. `gap`: bytes
  // lost in transport before these.
  void on_segment(bool egress, std::string_view captured, uint64_t uncaptured, uint64_t gap, uint64_t ts_ns,
                  uint32_t tid, std::vector<RedisCall>* done);
  void on_close();
  bool stopped() const { return stopped_; }

 private:
  void stop(uint64_t* counter);
  RedisStats* stats_;
  RespReader commands_, replies_;
  std::deque<RespValue> pending_;
  std::vector<RespValue> scratch_;
  bool stopped_ = false;
};

}  // namespace kotel::protocols::redis
