#pragma once
// Trace-context propagation headers -> the remote parent of a request.
//   W3C Trace Context level 1 (traceparent, tracestate), with level 2's rule
//   for higher versions; W3C Baggage; Zipkin B3 (single `b3` and X-B3-*);
//   Jaeger (uber-trace-id, uberctx-<key>).
// Pure: no I/O, never throws. Input is untrusted: what does not match its
// spec is ignored and counted in ContextStats, never half-used. Nothing is
// allocated unless the headers carry context.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/common/header.h"
#include "core/hex.h"
#include "protocols/context/span_context.h"

namespace kotel::protocols::context {

// `{version}-{trace-id}-{parent-id}-{trace-flags}`, lowercase hex. Version 00
// is exactly that; a higher version may append "-..." fields, which are
// ignored; version ff, all-zero ids and uppercase are invalid. Surrounding
// spaces/tabs are allowed.
std::optional<SpanContext> parse_traceparent(std::string_view value);

// A tracestate value (several headers joined with ','): up to 32 non-empty
// list-members `key=value`, keys unique; key = simple-key (lcalpha, then up
// to 255 of lcalpha/digit/_-*/) or tenant@system (241 + 14 chars); value 1..256
// printable ASCII without ',' and '=', not ending in a space.
bool valid_tracestate(std::string_view value);

struct BaggageEntry {
  std::string key;
  std::string value;       // percent-decoded (invalid UTF-8 replaced by U+FFFD)
  std::string properties;  // raw, from the first ';' (";prop=x;flag"), empty if none

  bool operator==(const BaggageEntry&) const = default;
};

// The spec's minimum: implementations must propagate at least this much.
struct BaggageLimits {
  size_t max_entries = 64;
  size_t max_bytes = 8192;  // of the baggage-string the entries re-encode to, commas included
};

// Bytes `e` takes in a baggage-string: key=value;properties, value re-encoded.
size_t baggage_entry_bytes(const BaggageEntry& e);

// Appends the valid list-members of one `baggage` header to *out. Invalid
// members are skipped (stats->invalid_baggage); members past the limits, which
// count what *out already holds, are dropped (stats->baggage_dropped). Empty
// members (",,", a trailing ',') are skipped silently, as multiple headers
// joined by proxies produce them. `stats` may be null.
void parse_baggage(std::string_view header, const BaggageLimits& limits, std::vector<BaggageEntry>* out,
                   ContextStats* stats);

// `{trace-id}-{span-id}[-{sampling}[-{parent-span-id}]]`: 32 or 16 lowercase
// hex trace id (16 is left-padded), 16 hex span id, sampling 0/1/d (absent:
// deferred, so sampled). A value that is only a sampling state ("0", "1",
// "d") carries no parent: nullopt, and b3_sampling_only() tells it apart
// from an invalid value.
std::optional<SpanContext> parse_b3_single(std::string_view value);
bool b3_sampling_only(std::string_view value);

// X-B3-TraceId, X-B3-SpanId, X-B3-Sampled, X-B3-Flags; an absent header is an
// empty view. Sampled is 1/0 (or true/false, which older tracers sent); Flags
// 1 is debug, which implies sampled. Both ids empty: nullopt (no parent).
std::optional<SpanContext> parse_b3_multi(std::string_view trace_id, std::string_view span_id, std::string_view sampled,
                                          std::string_view flags);

// `{trace-id}:{span-id}:{parent-span-id}:{flags}`, possibly percent-encoded
// ("%3A"). Ids are 1..32 / 1..16 hex digits of either case, left-padded;
// trace and span id 0 are invalid, parent 0 means root; flags are 1-2 hex
// digits, bit 0 is sampled.
std::optional<SpanContext> parse_uber_trace_id(std::string_view value);

// One `uberctx-<key>: <value>` header (name as sent) -> a baggage entry with
// the key lowercased and the value form-decoded. False if the name is not an
// uberctx- header with a key, or the value is not printable ASCII.
bool parse_uberctx(std::string_view name, std::string_view value, BaggageEntry* out);

struct IncomingContext {
  std::optional<SpanContext> parent;
  ContextFormat format = ContextFormat::kNone;
  std::string tracestate;             // only with a traceparent parent, and only when valid
  std::vector<BaggageEntry> baggage;  // `baggage` and `uberctx-` headers, in header order
};

// Precedence: traceparent, else b3, else X-B3-*, else uber-trace-id; the first
// that yields a parent wins. One that is present but invalid is counted and
// the next is tried (so are two traceparent headers); formats after the
// winner are not looked at. Header names compare case-insensitively; for
// repeated b3 / X-B3-* / uber-trace-id headers the first wins. `stats` may be
// null.
IncomingContext extract_context(std::span<const protocols::Header> headers, const BaggageLimits& limits,
                                ContextStats* stats);

}  // namespace kotel::protocols::context
