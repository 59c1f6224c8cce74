// extract_context on a header list made of the input's "name:value" lines.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_check.h"
#include "protocols/context/context.h"

using namespace kotel::protocols::context;
using kotel::core::all_zero;
using kotel::fuzz::check;
using kotel::protocols::Header;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<Header> headers;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  ContextStats stats;
  const BaggageLimits limits{8, 256};
  IncomingContext c = extract_context(headers, limits, &stats);
  check(c.parent.has_value() == (c.format != ContextFormat::kNone), "a format exactly when there is a parent");
  check(c.tracestate.empty() || (c.format == ContextFormat::kTraceparent && valid_tracestate(c.tracestate)),
        "tracestate only with a traceparent, and valid");
  check(c.baggage.size() <= limits.max_entries, "baggage within the limit");
  if (c.parent) check(!all_zero(c.parent->trace_id) && !all_zero(c.parent->span_id), "ids are not zero");
  return 0;
}
