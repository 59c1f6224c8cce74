#include "pipeline/redis_stage.h"

#include <algorithm>

namespace kotel::pipeline {

bool RedisStage::on_data(const connections::Connection& conn, const ingest::Data& ev, uint64_t gap_bytes) {
  auto& st = stitchers_.try_emplace(conn.key, &stats_).first->second;
  std::string_view captured = std::string_view(ev.payload).substr(0, std::min<uint64_t>(ev.payload.size(), ev.bytes));
  done_.clear();
  st.on_segment(ev.direction == ingest::Direction::kEgress, captured, ev.bytes - captured.size(), gap_bytes, ev.ts_ns,
                ev.tid, &done_);
  for (auto& call : done_) sink_(conn, std::move(call));
  if (!st.stopped()) return true;
  stitchers_.erase(conn.key);
  return false;
}

void RedisStage::on_close(const ingest::ConnKey& key) {
  auto it = stitchers_.find(key);
  if (it == stitchers_.end()) return;
  it->second.on_close();
  stitchers_.erase(it);
}

void RedisStage::tick(const connections::ConnectionTracker& tracker) {
  for (auto it = stitchers_.begin(); it != stitchers_.end();) {
    if (tracker.find(it->first)) {
      ++it;
      continue;
    }
    it->second.on_close();  // expired or evicted: its replies will not come
    it = stitchers_.erase(it);
  }
}

}  // namespace kotel::pipeline
