#pragma once
// Which application protocol a connection speaks, from its first bytes. Decided
// once per connection; a connection of no interest then stops costing payload
// copies in the kernel.

#include <cstdint>
#include <string_view>

namespace kotel::protocols {

enum class Protocol : uint8_t { kUndecided = 0, kHttp1 = 1, kOther = 2, kRedis = 3 };

const char* protocol_name(Protocol p);

// `at_stream_start`: the bytes are the first of their direction (position 0).
// Mid-stream bytes can prove HTTP (a message head) but not rule it out.
Protocol detect_protocol(std::string_view payload, bool at_stream_start);

}  // namespace kotel::protocols
