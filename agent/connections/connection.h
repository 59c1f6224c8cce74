#pragma once
// One tracked TCP connection as seen from one process: {pid, fd, generation}.

#include <array>
#include <cstdint>

#include "ingest/events.h"
#include "protocols/detect.h"

namespace kotel::connections {

using ingest::ConnKey;
using ingest::Direction;
using ingest::Role;
using ingest::Tuple;

// What a protocol stage keeps per connection (its parser and stitcher); each
// protocol derives its own.
class ProtocolState {
 public:
  virtual ~ProtocolState() = default;
};

struct DirectionStats {
  uint64_t next_position = 0;  // where the next event should start if nothing was lost
  uint64_t bytes_seen = 0;     // bytes of the events that arrived
  uint64_t gap_bytes = 0;      // bytes moved by syscalls whose events were lost
  uint32_t gaps = 0;
  uint32_t events = 0;
};

struct Connection {
  ConnKey key;
  Role role = Role::kUnknown;
  bool role_inferred = false;  // from listening ports, not from connect()/accept()
  bool tuple_known = false;    // false until the open record arrives
  bool closed = false;
  ingest::OpenSource open_source = ingest::OpenSource::kUnknown;
  Tuple tuple;
  uint64_t sock = 0;
  uint64_t cgroup_id = 0;
  uint64_t opened_ns = 0;
  uint64_t last_ns = 0;
  uint64_t closed_ns = 0;
  uint32_t reordered = 0;      // events that arrived behind a later one (perf buffer)
  protocols::Protocol protocol = protocols::Protocol::kUndecided;
  uint32_t undecided_events = 0;  // data events looked at without a decision
  // The protocol stage's state for this connection (owned by that stage, which
  // clears this when it lets go): saves it a lookup per event.
  ProtocolState* protocol_state = nullptr;
  std::array<DirectionStats, 2> dir{};  // [0] egress, [1] ingress
  std::array<uint64_t, 2> bytes_metered{};  // of dir[i].next_position, already counted in the TCP metrics
  // TLS: plaintext came from SSL calls. From then on only it is parsed; its
  // byte positions are its own (the ciphertext's stay in `dir`).
  bool tls = false;
  std::array<DirectionStats, 2> tls_dir{};

  DirectionStats& stats(Direction d) { return dir[d == Direction::kEgress ? 0 : 1]; }
  const DirectionStats& stats(Direction d) const { return dir[d == Direction::kEgress ? 0 : 1]; }
};

const char* role_name(Role r);

}  // namespace kotel::connections
