#pragma once
// One HTTP/1 request and its response as the stitcher pairs them. The request
// head is copied once (`head`); the fields are views into that copy, which
// stays put because an Exchange lives behind a unique_ptr and is never moved.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/common/header.h"
#include "protocols/common/span_state.h"

namespace kotel::protocols::http1 {

struct Exchange {
  // Request.
  bool request_inbound = false;  // read by this process (it is the server)
  std::string head;  // the request head as captured: the views below point into it
  std::string_view method;
  std::string_view target;
  uint8_t version_minor = 1;
  std::string_view host;           // Host header
  std::string_view user_agent;
  std::string_view forwarded_for;  // first X-Forwarded-For entry
  std::vector<protocols::Header> context_headers;  // trace context and baggage, plus the opt-in allow list
  bool request_truncated = false;  // head cut by the capture: some headers are missing
  uint64_t request_start_ns = 0;   // first byte of the request
  uint64_t request_end_ns = 0;     // last byte of the request
  uint32_t request_tid = 0;        // thread that sent/received the request head
  uint64_t request_body_bytes = 0;

  // Response.
  uint16_t status = 0;             // 0: none arrived
  uint64_t response_start_ns = 0;
  uint64_t response_end_ns = 0;
  uint32_t response_tid = 0;
  uint64_t response_body_bytes = 0;
  bool response_truncated = false;
  bool body_lost = false;          // a gap or bad framing in either body
  bool no_response = false;        // the connection ended first

  // What the span builder attaches when the request starts (span ids,
  // parent): the protocol layer carries it without knowing it.
  std::shared_ptr<SpanState> span_state;

  Exchange() = default;
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
};

}  // namespace kotel::protocols::http1
