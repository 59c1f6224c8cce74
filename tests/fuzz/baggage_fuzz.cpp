// parse_baggage: what it keeps is well formed and within the limits.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "protocols/context/context.h"
#include "core/percent.h"

using namespace kotel::protocols::context;
using kotel::core::sanitize_utf8;
using kotel::fuzz::check;

namespace {
bool is_utf8(const std::string& s) {
  std::string copy = s;
  sanitize_utf8(&copy, 0);
  return copy == s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  BaggageLimits limits{in.ConsumeIntegralInRange<size_t>(0, 80), in.ConsumeIntegralInRange<size_t>(0, 9000)};
  std::vector<BaggageEntry> out;
  ContextStats stats;
  size_t headers = 0;
  while (in.remaining_bytes() > 0) {
    std::string header = in.ConsumeRandomLengthString(4096);
    parse_baggage(header, limits, &out, &stats);
    ++headers;
  }
  check(out.size() <= limits.max_entries, "entries within the limit");
  size_t bytes = out.empty() ? 0 : out.size() - 1;
  for (const auto& e : out) {
    bytes += baggage_entry_bytes(e);
    check(!e.key.empty(), "keys are not empty");
    for (char c : e.key) check(c > 0x20 && c < 0x7f && c != ',' && c != ';' && c != '=', "keys are tokens");
    check(is_utf8(e.value), "values are UTF-8");
    check(e.properties.empty() || e.properties[0] == ';', "properties start at ';'");
  }
  check(bytes <= limits.max_bytes, "bytes within the limit");
  (void)headers;
  return 0;
}
