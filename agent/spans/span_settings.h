#pragma once
// What the user chooses about HTTP spans: baggage, query capture, cardinality.

#include <cstddef>
#include <string>
#include <vector>

#include "protocols/context/context.h"
#include "spans/sampler.h"

namespace kotel::spans {

struct SpanSettings {
  // Baggage received on a request becomes attributes `<prefix><key>` on its
  // spans and on the client spans made while serving it.
  bool baggage_attributes = true;
  std::string baggage_prefix = "baggage.";
  std::vector<std::string> baggage_allow;  // keys; empty: all
  std::vector<std::string> baggage_deny;   // keys never exported
  // Any client chooses what baggage it sends: caps per request (entries past
  // them are dropped and counted; --baggage-allow chooses which keys at all).
  size_t baggage_max_entries = 16;         // per span
  size_t baggage_max_bytes = 1024;         // keys and values together, per span
  size_t baggage_max_key_bytes = 64;       // a longer key is dropped
  size_t baggage_max_value_bytes = 256;    // longer values are cut
  protocols::context::BaggageLimits baggage_limits;  // parse limits (W3C)
  bool capture_query = false;              // url.query with values redacted
  std::vector<std::string> capture_headers;  // lower-case names, never credentials (checked by config)
  size_t max_templates_per_service = 200;  // distinct span-name templates; then "{overflow}"
  Sampler sampler;                         // head sampling (OTEL_TRACES_SAMPLER)
  // A process that exports its own spans (spans/sdk_processes.h): withhold
  // kotel's spans of it (--sdk-processes skip-spans) or keep them (keep).
  bool withhold_sdk_spans = true;
};

}  // namespace kotel::spans
