#pragma once
// Pairs the requests and responses of one HTTP/1 connection: keep-alive,
// pipelining (responses come in request order), interim 1xx responses,
// HEAD/204/304 without bodies, bodies delimited by the connection's end, and
// 101 protocol switches (the rest of the connection is not HTTP/1).

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string_view>

#include "protocols/http1/exchange.h"
#include "protocols/http1/message_reader.h"

namespace kotel::protocols::http1 {

class ExchangeSink {
 public:
  virtual ~ExchangeSink() = default;
  // The request head arrived: the moment a server span starts, and the point
  // where a later stage attaches its state (`span_state`).
  virtual void request_started(Exchange& ex) = 0;
  virtual void exchange_done(std::unique_ptr<Exchange> ex) = 0;
};

// Trace context (W3C, B3, Jaeger) and baggage headers.
bool is_propagation_header(std::string_view name);
// Authorization, Proxy-Authorization, Cookie, Set-Cookie: never captured.
bool is_secret_header(std::string_view name);

// Which side of the connection sends requests.
enum class RequestSide : uint8_t { kUnknown, kEgress, kIngress };

// Header names (lower case) copied into Exchange::context_headers.
struct HeaderCapture {
  std::span<const std::string_view> extra;  // opt-in allow list
};

class Stitcher final : private MessageSink {
 public:
  static constexpr size_t kMaxPending = 64;  // pipelined requests awaiting responses

  Stitcher(RequestSide side, StitchStats* stats, const HeaderCapture* capture = nullptr)
      : side_(side), stats_(stats), capture_(capture), requests_(MessageKind::kRequest, stats),
        responses_(MessageKind::kResponse, stats) {}

  // `egress`: bytes this process sent. The sink receives the exchanges.
  void on_segment(bool egress, const Segment& seg, ExchangeSink& sink);
  // The connection ended at `ts_ns`: finishes close-delimited responses and
  // reports requests that got none.
  void on_close(uint64_t ts_ns, ExchangeSink& sink);
  size_t pending() const { return pending_.size(); }

 private:
  HeadVerdict on_request(const RequestHead& head, bool truncated, const MessageMeta& meta) override;
  HeadVerdict on_response(const ResponseHead& head, bool truncated, const MessageMeta& meta) override;
  void on_message_end(MessageKind kind, const MessageMeta& meta, uint64_t body_bytes, bool body_lost) override;
  void on_lost_boundary(MessageKind kind) override;
  bool decide_side(bool egress, std::string_view payload);
  void finish_front(ExchangeSink& sink);

  RequestSide side_;
  StitchStats* stats_;
  const HeaderCapture* capture_;
  MessageReader requests_;
  MessageReader responses_;
  std::deque<std::unique_ptr<Exchange>> pending_;  // oldest first
  Exchange* reading_request_ = nullptr;  // request whose body is still arriving
  bool interim_ = false;                 // the response being read is a 1xx
  bool orphan_ = false;                  // the response being read has no request
  ExchangeSink* sink_ = nullptr;         // during on_segment/on_close
};

}  // namespace kotel::protocols::http1
