#pragma once
// Names of the decoded events' values, as the console, the CLI and the logs show them.

#include "ingest/events.h"

namespace kotel::ingest {

const char* data_call_name(DataCall c);        // "write", "SSL_read", ...
const char* open_source_name(OpenSource s);    // "connect", "passive open", ...
const char* close_reason_name(CloseReason r);  // "close", "tcp close", "process exit", ...
const char* tcp_state_name(TcpState s);        // "ESTABLISHED", "LISTEN", ... ("?" when unknown)

}  // namespace kotel::ingest
