#pragma once
// The Redis part of the pipeline: one stitcher per Redis client connection,
// whose calls (command + reply) become CLIENT spans through `sink`. A
// connection whose stream stops being followed (a gap, not RESP, SUBSCRIBE)
// asks for its payload to be switched off.

#include <functional>
#include <unordered_map>
#include <vector>

#include "connections/tracker.h"
#include "protocols/redis/redis_stitch.h"

namespace kotel::pipeline {

class RedisStage {
 public:
  using CallSink = std::function<void(const connections::Connection&, protocols::redis::RedisCall&&)>;
  explicit RedisStage(CallSink sink) : sink_(std::move(sink)) {}

  // False when the connection is no longer followed: its payload can stop.
  bool on_data(const connections::Connection& conn, const ingest::Data& ev, uint64_t gap_bytes);
  void on_close(const ingest::ConnKey& key);
  // Drops the stitchers of connections the tracker no longer has.
  void tick(const connections::ConnectionTracker& tracker);
  const protocols::redis::RedisStats& stats() const { return stats_; }
  size_t connections() const { return stitchers_.size(); }

 private:
  CallSink sink_;
  protocols::redis::RedisStats stats_;
  std::unordered_map<ingest::ConnKey, protocols::redis::RedisStitcher, ingest::ConnKeyHash> stitchers_;
  std::vector<protocols::redis::RedisCall> done_;
};

}  // namespace kotel::pipeline
