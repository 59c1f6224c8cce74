#include "pipeline/http_stage.h"

namespace kotel::pipeline {
namespace http1 = protocols::http1;

namespace {
http1::RequestSide request_side(ingest::Role role) {
  switch (role) {
    case ingest::Role::kServer: return http1::RequestSide::kIngress;
    case ingest::Role::kClient: return http1::RequestSide::kEgress;
    default: return http1::RequestSide::kUnknown;
  }
}
constexpr uint64_t kSweepEveryNs = 1'000'000'000;
}  // namespace

HttpStage::HttpStage(spans::SpanSettings settings, std::unique_ptr<spans::IdSource> ids, ResourceLookup resources,
                     core::MonotonicToRealtime clock, spans::HttpSpanBuilder::SpanSink sink, RuntimeLookup runtimes)
    : capture_names_(settings.capture_headers), ids_(std::move(ids)),
      builder_(std::move(settings), *ids_, clock, std::move(sink)), resources_(std::move(resources)),
      runtimes_(std::move(runtimes)) {
  for (const auto& n : capture_names_) capture_views_.push_back(n);
  capture_.extra = capture_views_;
}

void HttpStage::on_data(connections::Connection& conn, const ingest::Data& ev, uint64_t gap_bytes) {
  auto* state = static_cast<PerConnection*>(conn.protocol_state);  // this stage set it: HTTP/1 only
  if (!state) {
    PerConnection fresh{http1::Stitcher(request_side(conn.role), &stitch_stats_, &capture_),
                        resources_ ? resources_(conn.key.pid) : nullptr,
                        runtimes_ ? runtimes_(conn.key.pid) : discovery::Runtime::kNative};
    state = &stitchers_.insert_or_assign(conn.key, std::move(fresh)).first->second;  // nodes stay put
    conn.protocol_state = state;
  }
  http1::Segment seg{ev.ts_ns, ev.tid, ev.bytes, ev.payload, gap_bytes};
  builder_.set_connection(&conn, &state->resource, state->runtime);
  state->stitcher.on_segment(ev.direction == ingest::Direction::kEgress, seg, builder_);
  builder_.set_connection(nullptr, nullptr);
}

void HttpStage::on_user_probe(const ingest::UserProbeHit& hit, const config::UserProbeConfig& probe) {
  spans::InternalCall call{hit.pid, hit.tid, hit.start_ns, hit.ts_ns, probe.name, {}};
  for (size_t i = 0; i < probe.args.size() && i < ingest::UserProbeHit::kArgs; ++i) {
    const auto& a = probe.args[i];
    if (a.text) call.attributes.push_back({model::AttrKey::owned(a.name), hit.strs[i]});
    else call.attributes.push_back({model::AttrKey::owned(a.name), hit.ints[i]});
  }
  if (!probe.function.empty()) {
    call.attributes.push_back({model::AttrKey::of_static("code.function.name"), probe.function});
    call.attributes.push_back({model::AttrKey::of_static("kotel.probe.return"), hit.ret});
  } else {
    call.attributes.push_back({model::AttrKey::of_static("kotel.probe.usdt"), probe.usdt});
  }
  call.attributes.push_back({model::AttrKey::of_static("code.file.path"), probe.binary});
  builder_.internal_span(std::move(call), resources_ ? resources_(hit.pid) : nullptr,
                         runtimes_ ? runtimes_(hit.pid) : discovery::Runtime::kNative);
}

void HttpStage::on_redis_call(const connections::Connection& conn, protocols::redis::RedisCall&& call) {
  spans::DbCall db{conn.key.pid, call.tid, call.start_ns, call.end_ns, {"redis", call.command, call.error ? (call.error_prefix.empty() ? std::string("error") : call.error_prefix) : std::string()}, {}, &conn};
  // Values never leave: the command and a '?' per argument.
  constexpr uint32_t kShown = 8;
  db.query_text = call.command;
  for (uint32_t i = 0; i < std::min(call.arguments, kShown); ++i) db.query_text += " ?";
  if (call.arguments > kShown) db.query_text += " ...";
  builder_.db_span(std::move(db), resources_ ? resources_(conn.key.pid) : nullptr,
                   runtimes_ ? runtimes_(conn.key.pid) : discovery::Runtime::kNative);
}

void HttpStage::on_close(connections::Connection& conn, uint64_t ts_ns) {
  conn.protocol_state = nullptr;
  auto it = stitchers_.find(conn.key);
  if (it == stitchers_.end()) return;
  builder_.set_connection(&conn, &it->second.resource, it->second.runtime);
  it->second.stitcher.on_close(ts_ns, builder_);
  builder_.set_connection(nullptr, nullptr);
  stitchers_.erase(it);
}

void HttpStage::tick(const connections::ConnectionTracker& tracker, uint64_t now_ns) {
  if (now_ns - last_sweep_ns_ < kSweepEveryNs) return;
  last_sweep_ns_ = now_ns;
  builder_.tick(now_ns);
  for (auto it = stitchers_.begin(); it != stitchers_.end();) {
    if (tracker.find(it->first)) {
      ++it;
      continue;
    }
    it->second.stitcher.on_close(now_ns, builder_);  // expired or evicted: what it waited for will not come
    it = stitchers_.erase(it);
  }
}

}  // namespace kotel::pipeline
