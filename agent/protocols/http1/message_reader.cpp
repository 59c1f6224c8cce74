#include "protocols/http1/message_reader.h"

#include <algorithm>

namespace kotel::protocols::http1 {

bool MessageReader::starts_message(std::string_view data) const {
  return kind_ == MessageKind::kRequest ? looks_like_request(data) : looks_like_response(data);
}

ParseState MessageReader::parse(std::string_view buf) {
  return kind_ == MessageKind::kRequest ? parse_request_head(buf, &request_) : parse_response_head(buf, &response_);
}

HeadVerdict MessageReader::deliver(bool truncated, MessageSink& sink) {
  if (truncated) ++stats_->truncated_heads;
  return kind_ == MessageKind::kRequest ? sink.on_request(request_, truncated, meta_)
                                        : sink.on_response(response_, truncated, meta_);
}

void MessageReader::start_head(const Segment& seg) {
  meta_ = MessageMeta{seg.ts_ns, seg.tid, seg.ts_ns, seg.tid};
  head_pending_ = true;
  head_buf_.clear();
}

void MessageReader::feed(const Segment& seg, MessageSink& sink) {
  if (phase_ == Phase::kOpaque) return;
  if (seg.gap_before) on_gap(seg.gap_before, sink);
  std::string_view data = seg.payload.substr(0, std::min<uint64_t>(seg.payload.size(), seg.bytes));
  uint64_t uncaptured = seg.uncaptured();
  bool at_segment_start = true;
  while (phase_ != Phase::kOpaque) {
    if (phase_ == Phase::kResync) {
      // Only a segment that begins with a head can be trusted to start one.
      if (!at_segment_start || !starts_message(data)) {
        stats_->resync_skipped_bytes += data.size() + uncaptured;
        return;
      }
      phase_ = Phase::kHead;
    }
    if (phase_ == Phase::kHead) {
      if (data.empty() && uncaptured == 0) return;
      size_t used = read_head(data, seg, sink);
      if (used == std::string_view::npos) return;
      data.remove_prefix(used);
    } else {  // kBody
      size_t used = read_body(data, &uncaptured, seg, sink);
      if (used == std::string_view::npos) return;
      data.remove_prefix(used);
    }
    at_segment_start = false;
  }
}

// Head bytes arrive in one segment or several; a head the capture cut still
// becomes a message (marked truncated) if its first line is whole.
size_t MessageReader::read_head(std::string_view data, const Segment& seg, MessageSink& sink) {
  if (!head_pending_) start_head(seg);
  uint64_t uncaptured = seg.uncaptured();
  size_t prior = head_buf_.size();
  std::string_view view = data;
  if (prior) {
    head_buf_.append(data.substr(0, std::min(data.size(), kMaxHeadBytes + 1 - std::min(prior, kMaxHeadBytes))));
    view = head_buf_;
  }
  meta_.last_ts_ns = seg.ts_ns;
  meta_.last_tid = seg.tid;
  switch (parse(view)) {
    case ParseState::kSuccess: {
      size_t head_bytes = kind_ == MessageKind::kRequest ? request_.head_bytes : response_.head_bytes;
      HeadVerdict v = deliver(false, sink);
      head_pending_ = false;
      head_buf_.clear();
      begin_body(v, seg, sink);
      return head_bytes - prior;
    }
    case ParseState::kInvalid:
      ++stats_->invalid_heads;
      head_pending_ = false;
      head_buf_.clear();
      phase_ = Phase::kResync;
      stats_->resync_skipped_bytes += data.size() + uncaptured;
      return std::string_view::npos;
    case ParseState::kNeedsMoreData:
      break;
  }
  if (uncaptured == 0) {  // the rest of the head comes in a later segment
    if (!prior) head_buf_.assign(data);
    return std::string_view::npos;
  }
  deliver_cut_head(view, sink);
  return std::string_view::npos;
}

// What arrived of a head the capture (or a gap) cut: the complete lines are
// parsed as if the head ended there. Without a whole first line there is no
// message to report.
void MessageReader::deliver_cut_head(std::string_view partial, MessageSink& sink) {
  head_pending_ = false;
  size_t last_crlf = partial.rfind("\r\n");
  bool usable = false;
  if (last_crlf != std::string_view::npos) {
    std::string whole(partial.substr(0, last_crlf + 2));
    whole += "\r\n";
    if (parse(whole) == ParseState::kSuccess) {
      usable = true;
      deliver(true, sink);
      end_message(sink, true);
    }
  }
  head_buf_.clear();
  phase_ = Phase::kResync;
  if (!usable) {
    ++stats_->unusable_heads;
    sink.on_lost_boundary(kind_);
  }
}

void MessageReader::resync() {
  if (phase_ == Phase::kOpaque) return;
  head_pending_ = false;
  head_buf_.clear();
  body_ = BodyFraming{};
  phase_ = Phase::kResync;
}

void MessageReader::begin_body(const HeadVerdict& v, const Segment& seg, MessageSink& sink) {
  body_ = v.body;
  body_bytes_ = 0;
  body_lost_ = false;
  meta_.last_ts_ns = seg.ts_ns;
  meta_.last_tid = seg.tid;
  if (v.unframed) {
    end_message(sink, true);
    phase_ = Phase::kResync;
    return;
  }
  switch (body_.kind) {
    case BodyKind::kNone:
      end_message(sink, false);
      phase_ = v.opaque_after ? Phase::kOpaque : Phase::kHead;
      return;
    case BodyKind::kLength:
      body_left_ = body_.length;
      break;
    case BodyKind::kChunked:
      chunked_ = ChunkedScanner{};
      break;
    case BodyKind::kUntilClose:
      break;
  }
  phase_ = Phase::kBody;
}

size_t MessageReader::read_body(std::string_view data, uint64_t* uncaptured, const Segment& seg, MessageSink& sink) {
  meta_.last_ts_ns = seg.ts_ns;
  meta_.last_tid = seg.tid;
  size_t used = 0;
  switch (body_.kind) {
    case BodyKind::kLength: {
      used = static_cast<size_t>(std::min<uint64_t>(body_left_, data.size()));
      body_left_ -= used;
      body_bytes_ += used;
      if (used == data.size() && body_left_ && *uncaptured) {  // body content beyond the capture
        uint64_t skipped = std::min(body_left_, *uncaptured);
        body_left_ -= skipped;
        body_bytes_ += skipped;
        *uncaptured -= skipped;
      }
      if (body_left_) return std::string_view::npos;
      end_message(sink, body_lost_);
      phase_ = Phase::kHead;
      if (used == data.size() && *uncaptured) {  // the next head was not captured
        stats_->resync_skipped_bytes += *uncaptured;
        phase_ = Phase::kResync;
        return std::string_view::npos;
      }
      return used;
    }
    case BodyKind::kChunked: {
      used = chunked_.feed(data);
      if (chunked_.status() == ChunkedScanner::Status::kInBody && used == data.size() && *uncaptured) {
        chunked_.skip(*uncaptured);
        *uncaptured = 0;
      }
      switch (chunked_.status()) {
        case ChunkedScanner::Status::kDone:
          body_bytes_ = chunked_.body_bytes();
          end_message(sink, body_lost_);
          phase_ = Phase::kHead;
          if (used == data.size() && *uncaptured) {
            stats_->resync_skipped_bytes += *uncaptured;
            phase_ = Phase::kResync;
            return std::string_view::npos;
          }
          return used;
        case ChunkedScanner::Status::kInBody:
          return std::string_view::npos;
        case ChunkedScanner::Status::kInvalid:
        case ChunkedScanner::Status::kLost:
          body_bytes_ = chunked_.body_bytes();
          lose_sync(sink);
          return std::string_view::npos;
      }
      return std::string_view::npos;
    }
    case BodyKind::kUntilClose:
      body_bytes_ += data.size() + *uncaptured;
      return std::string_view::npos;
    case BodyKind::kNone:
      break;
  }
  phase_ = Phase::kHead;
  return 0;
}

void MessageReader::end_message(MessageSink& sink, bool lost) {
  if (lost) ++stats_->lost_bodies;
  sink.on_message_end(kind_, meta_, body_bytes_, lost);
  body_ = BodyFraming{};
}

void MessageReader::lose_sync(MessageSink& sink) {
  end_message(sink, true);
  phase_ = Phase::kResync;
}

void MessageReader::on_gap(uint64_t n, MessageSink& sink) {
  switch (phase_) {
    case Phase::kHead:
      if (head_pending_) deliver_cut_head(head_buf_, sink);  // the rest of the head is gone
      else {  // the gap may hold whole messages: wait for a head
        phase_ = Phase::kResync;
        sink.on_lost_boundary(kind_);
      }
      return;
    case Phase::kBody:
      body_lost_ = true;
      if (body_.kind == BodyKind::kLength && n < body_left_) {
        body_left_ -= n;
        body_bytes_ += n;
      } else if (body_.kind == BodyKind::kChunked) {
        chunked_.skip(n);
        if (chunked_.status() != ChunkedScanner::Status::kInBody) lose_sync(sink);
      } else if (body_.kind == BodyKind::kUntilClose) {
        body_bytes_ += n;
      } else {
        lose_sync(sink);
      }
      return;
    case Phase::kResync:
    case Phase::kOpaque:
      return;
  }
}

void MessageReader::close(MessageSink& sink) {
  if (phase_ == Phase::kBody && body_.kind == BodyKind::kUntilClose) {
    end_message(sink, body_lost_);
    phase_ = Phase::kHead;
  } else if (phase_ == Phase::kBody) {
    lose_sync(sink);  // the connection ended mid-body
  } else if (head_pending_) {
    deliver_cut_head(head_buf_, sink);
  }
}

}  // namespace kotel::protocols::http1
