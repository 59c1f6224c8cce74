#include "protocols/http1/stitch.h"

#include <algorithm>

namespace kotel::protocols::http1 {
bool is_propagation_header(std::string_view name) {
  if (name.size() < 2) return false;
  switch (name[0] | 0x20) {  // most headers start with another letter: one compare
    case 't': case 'b': case 'x': case 'u': break;
    default: return false;
  }
  static constexpr std::string_view kNames[] = {"traceparent", "tracestate",   "baggage",      "b3",
                                                "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags",
                                                "x-b3-parentspanid", "uber-trace-id"};
  for (auto n : kNames)
    if (iequals(name, n)) return true;
  return core::istarts_with_lower(name, "uberctx-");
}

bool is_secret_header(std::string_view name) {
  return iequals(name, "authorization") || iequals(name, "proxy-authorization") || iequals(name, "cookie") ||
         iequals(name, "set-cookie");
}

bool Stitcher::decide_side(bool egress, std::string_view payload) {
  if (side_ != RequestSide::kUnknown) return true;
  if (looks_like_request(payload)) side_ = egress ? RequestSide::kEgress : RequestSide::kIngress;
  else if (looks_like_response(payload)) side_ = egress ? RequestSide::kIngress : RequestSide::kEgress;
  return side_ != RequestSide::kUnknown;
}

void Stitcher::on_segment(bool egress, const Segment& seg, ExchangeSink& sink) {
  if (!decide_side(egress, seg.payload)) return;  // not yet known which way requests go
  sink_ = &sink;
  bool request_dir = egress == (side_ == RequestSide::kEgress);
  (request_dir ? requests_ : responses_).feed(seg, *this);
  sink_ = nullptr;
}

HeadVerdict Stitcher::on_request(const RequestHead& head, bool truncated, const MessageMeta& meta) {
  ++stats_->requests;
  if (pending_.size() >= kMaxPending) {
    ++stats_->pipeline_overflow;
    pending_.pop_front();
  }
  auto ex = std::make_unique<Exchange>();
  ex->request_inbound = side_ == RequestSide::kIngress;
  // One copy of the head; every field is rebased into it. The parsed views
  // all lie in [method.data(), method.data() + head_bytes - empty_line_bytes).
  const char* base = head.method.data();
  ex->head.assign(base, head.head_bytes - head.empty_line_bytes);
  auto rebase = [&](std::string_view v) { return std::string_view(ex->head).substr(v.data() - base, v.size()); };
  ex->method = rebase(head.method);
  ex->target = rebase(head.target);
  ex->version_minor = head.version_minor;
  ex->request_truncated = truncated;
  ex->request_start_ns = meta.first_ts_ns;
  ex->request_end_ns = meta.last_ts_ns;
  ex->request_tid = meta.first_tid;
  for (const auto& h : head.headers) {
    if (iequals(h.name, "host")) {
      ex->host = rebase(h.value);
    } else if (iequals(h.name, "user-agent")) {
      ex->user_agent = rebase(h.value);
    } else if (iequals(h.name, "x-forwarded-for")) {
      if (ex->forwarded_for.empty()) ex->forwarded_for = rebase(h.value.substr(0, h.value.find(',')));
    } else if (is_propagation_header(h.name) ||
               (capture_ && !is_secret_header(h.name) &&
                std::any_of(capture_->extra.begin(), capture_->extra.end(),
                            [&](std::string_view n) { return iequals(n, h.name); }))) {
      ex->context_headers.push_back({rebase(h.name), rebase(h.value)});
    }
  }
  reading_request_ = ex.get();
  if (sink_) sink_->request_started(*ex);
  pending_.push_back(std::move(ex));
  HeadVerdict v;
  if (truncated) v.unframed = true;
  else v.body = request_body(head);
  return v;
}

HeadVerdict Stitcher::on_response(const ResponseHead& head, bool truncated, const MessageMeta& meta) {
  HeadVerdict v;
  interim_ = false;
  orphan_ = pending_.empty();
  if (orphan_) {
    ++stats_->orphan_responses;
    // Still framed, to find the next response; no method known (not HEAD).
    if (truncated) v.unframed = true;
    else v.body = response_body("", head);
    return v;
  }
  Exchange& ex = *pending_.front();
  if (head.status >= 100 && head.status < 200 && head.status != 101) {
    ++stats_->interim_responses;
    interim_ = true;  // 100 Continue, 103 Early Hints: the final response follows
    return v;
  }
  ++stats_->responses;
  ex.status = head.status;
  ex.response_start_ns = meta.first_ts_ns;
  ex.response_tid = meta.first_tid;
  ex.response_truncated = truncated;
  if (head.status == 101) {
    ++stats_->upgraded;
    v.opaque_after = true;
    requests_.set_opaque();
    return v;
  }
  if (truncated) v.unframed = true;
  else v.body = response_body(ex.method, head);
  return v;
}

void Stitcher::on_message_end(MessageKind kind, const MessageMeta& meta, uint64_t body_bytes, bool body_lost) {
  if (kind == MessageKind::kRequest) {
    if (reading_request_) {
      reading_request_->request_end_ns = meta.last_ts_ns;
      reading_request_->request_body_bytes = body_bytes;
      reading_request_->body_lost |= body_lost;
    }
    reading_request_ = nullptr;
    return;
  }
  if (interim_ || orphan_ || pending_.empty()) {
    interim_ = orphan_ = false;
    return;
  }
  Exchange& ex = *pending_.front();
  // Bytes of a head cut by the capture may have come before this request was
  // read (delivered only at the close), and the two directions' clocks can
  // skew across CPUs: a response never ends before its request started.
  ex.response_end_ns = std::max(meta.last_ts_ns, ex.request_start_ns);
  ex.response_body_bytes = body_bytes;
  ex.body_lost |= body_lost;
  finish_front(*sink_);
}

// Requests and responses can no longer be paired by order: drop what waits
// (counted) and start both directions again from their next heads.
void Stitcher::on_lost_boundary(MessageKind kind) {
  stats_->lost_exchanges += pending_.size();
  pending_.clear();
  reading_request_ = nullptr;
  interim_ = orphan_ = false;
  (kind == MessageKind::kRequest ? responses_ : requests_).resync();
}

void Stitcher::finish_front(ExchangeSink& sink) {
  std::unique_ptr<Exchange> ex = std::move(pending_.front());
  pending_.pop_front();
  if (reading_request_ == ex.get()) reading_request_ = nullptr;  // response came before the body ended
  ++stats_->exchanges;
  sink.exchange_done(std::move(ex));
}

void Stitcher::on_close(uint64_t ts_ns, ExchangeSink& sink) {
  sink_ = &sink;
  responses_.close(*this);
  requests_.close(*this);
  while (!pending_.empty()) {
    Exchange& ex = *pending_.front();
    ex.no_response = true;
    ex.response_end_ns = std::max(ts_ns, ex.request_end_ns);
    ++stats_->no_response;
    finish_front(sink);
  }
  sink_ = nullptr;
}

}  // namespace kotel::protocols::http1
