#include "protocols/redis/redis_stitch.h"

namespace kotel::protocols::redis {

void RedisStitcher::stop(uint64_t* counter) {
  if (!stopped_ && counter) ++*counter;
  stopped_ = true;
  pending_.clear();
}

void RedisStitcher::on_segment(bool egress, std::string_view captured, uint64_t uncaptured, uint64_t gap,
                               uint64_t ts_ns, uint32_t tid, std::vector<RedisCall>* done) {
  if (stopped_) return;
  RespReader& reader = egress ? commands_ : replies_;
  if (gap) reader.lose_sync();
  scratch_.clear();
  reader.feed(captured, uncaptured, ts_ns, tid, &scratch_);
  for (auto& v : scratch_) {
    if (egress) {
      if (v.command == "SUBSCRIBE" || v.command == "PSUBSCRIBE" || v.command == "SSUBSCRIBE" ||
          v.command == "MONITOR") {
        stop(&stats_->stopped_streaming);
        return;
      }
      if (pending_.size() >= kMaxPending) {
        stop(&stats_->lost_sync);
        return;
      }
      pending_.push_back(std::move(v));
      continue;
    }
    if (v.type == '>') continue;  // a RESP3 push: answers no command
    if (pending_.empty()) {       // a reply to nothing we saw: the pairing is off
      stop(&stats_->lost_sync);
      return;
    }
    RespValue& cmd = pending_.front();
    done->push_back(RedisCall{std::move(cmd.command), cmd.elements ? cmd.elements - 1 : 0, cmd.start_ns, v.end_ns,
                              cmd.tid, v.error, std::move(v.error_prefix)});
    ++stats_->calls;
    pending_.pop_front();
  }
  if (reader.broken()) stop(&stats_->lost_sync);
}

void RedisStitcher::on_close() {
  if (!stopped_) stats_->unanswered += pending_.size();
  pending_.clear();
}

}  // namespace kotel::protocols::redis
