#pragma once
// Human-readable one-line renderings of kernel events and connections, for
// `kotel agent --print events|connections`. Pure: strings in, string out.

#include <string>
#include <string_view>

#include "connections/connection.h"
#include "ingest/events.h"

namespace kotel::console {

struct ProcessLabel {
  std::string_view comm;  // may be empty
};

std::string format_endpoint(const ingest::Endpoint& e);
// Printable form of payload bytes: CR/LF/TAB escaped, other bytes as \xNN, cut at max_chars.
std::string escape_payload(std::string_view bytes, size_t max_chars);

// `conn` is the tracked connection the event belongs to (may be null).
std::string format_event(const ingest::Event& ev, const connections::Connection* conn, ProcessLabel proc,
                         std::string_view time);
std::string format_connection_summary(const connections::Connection& c, ProcessLabel proc, std::string_view time);

}  // namespace kotel::console
