#pragma once
// What the HTTP/1 stitchers saw and could not use, across all connections.

#include <cstdint>

namespace kotel::protocols::http1 {

struct StitchStats {
  uint64_t requests = 0;
  uint64_t responses = 0;
  uint64_t exchanges = 0;           // request/response pairs handed on
  uint64_t no_response = 0;         // requests still waiting when the connection ended
  uint64_t orphan_responses = 0;    // a response with no request (tracking began mid-exchange)
  uint64_t interim_responses = 0;   // 1xx before the final response
  uint64_t truncated_heads = 0;     // head cut by the captured prefix: still a span, marked truncated
  uint64_t unusable_heads = 0;      // cut before even the first line ended: no span
  uint64_t invalid_heads = 0;       // bytes where a head should start that are not HTTP
  uint64_t lost_bodies = 0;         // body framing lost to a gap or bad chunking
  uint64_t resync_skipped_bytes = 0;  // bytes passed over while looking for the next message
  uint64_t lost_exchanges = 0;      // dropped when message boundaries were lost (pairing unknowable)
  uint64_t pipeline_overflow = 0;   // requests dropped: too many awaiting responses
  uint64_t upgraded = 0;            // 101 Switching Protocols: the rest is not HTTP/1
};

}  // namespace kotel::protocols::http1
