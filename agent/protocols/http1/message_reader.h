#pragma once
// Frames one direction of an HTTP/1 connection into messages: finds each head,
// asks its owner how the body is framed, then follows the body by the exact
// byte counts the kernel reports (content that was not captured is skipped,
// not guessed). After anything it cannot follow (a gap in a head, a cut head,
// bad chunking) it waits for a segment that starts with a new head.

#include <cstdint>
#include <string>
#include <string_view>

#include "protocols/http1/chunked.h"
#include "protocols/http1/parse.h"
#include "protocols/http1/segment.h"
#include "protocols/http1/stitch_stats.h"

namespace kotel::protocols::http1 {

enum class MessageKind : uint8_t { kRequest, kResponse };

// Where a message's bytes were seen.
struct MessageMeta {
  uint64_t first_ts_ns = 0;
  uint32_t first_tid = 0;
  uint64_t last_ts_ns = 0;
  uint32_t last_tid = 0;
};

// The owner's answer to a head: how its body is framed, and what follows it.
struct HeadVerdict {
  BodyFraming body;
  bool opaque_after = false;  // protocol switch: stop reading this direction
  bool unframed = false;      // body framing unknown (cut head): resync after it
};

class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // Heads are views into the reader's buffers, valid during the call only.
  // `truncated`: the capture cut the head; what arrived whole is parsed.
  virtual HeadVerdict on_request(const RequestHead& head, bool truncated, const MessageMeta& meta) = 0;
  virtual HeadVerdict on_response(const ResponseHead& head, bool truncated, const MessageMeta& meta) = 0;
  virtual void on_message_end(MessageKind kind, const MessageMeta& meta, uint64_t body_bytes, bool body_lost) = 0;
  // Message boundaries were lost (a gap between messages, a head cut before
  // its first line ended): whole messages may have gone by unseen.
  virtual void on_lost_boundary(MessageKind kind) = 0;
};

class MessageReader {
 public:
  MessageReader(MessageKind kind, StitchStats* stats) : kind_(kind), stats_(stats) {}

  void feed(const Segment& seg, MessageSink& sink);
  // The connection ended: a body delimited by the close ends here.
  void close(MessageSink& sink);
  void set_opaque() { phase_ = Phase::kOpaque; }
  // Forget any message in progress and wait for a segment that starts a head.
  void resync();
  bool opaque() const { return phase_ == Phase::kOpaque; }

 private:
  enum class Phase : uint8_t { kHead, kBody, kResync, kOpaque };

  void start_head(const Segment& seg);
  ParseState parse(std::string_view buf);
  HeadVerdict deliver(bool truncated, MessageSink& sink);
  void deliver_cut_head(std::string_view partial, MessageSink& sink);
  // Returns the bytes of `data` the head used, or npos when the segment is done.
  size_t read_head(std::string_view data, const Segment& seg, MessageSink& sink);
  size_t read_body(std::string_view data, uint64_t* uncaptured, const Segment& seg, MessageSink& sink);
  void begin_body(const HeadVerdict& v, const Segment& seg, MessageSink& sink);
  void end_message(MessageSink& sink, bool lost);
  void lose_sync(MessageSink& sink);
  void on_gap(uint64_t n, MessageSink& sink);
  bool starts_message(std::string_view data) const;

  MessageKind kind_;
  StitchStats* stats_;
  Phase phase_ = Phase::kHead;
  std::string head_buf_;  // a head split across segments; reused
  bool head_pending_ = false;
  MessageMeta meta_;
  BodyFraming body_;
  uint64_t body_left_ = 0;
  uint64_t body_bytes_ = 0;
  bool body_lost_ = false;
  ChunkedScanner chunked_;
  RequestHead request_;    // scratch, reused: no allocation per message
  ResponseHead response_;
};

}  // namespace kotel::protocols::http1
