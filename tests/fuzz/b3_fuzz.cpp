// parse_b3_single and parse_b3_multi on arbitrary values.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "protocols/context/context.h"

using namespace kotel::protocols::context;
using kotel::core::all_zero;
using kotel::core::to_hex;
using kotel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view whole(reinterpret_cast<const char*>(data), size);
  auto single = parse_b3_single(whole);
  check(!(single && b3_sampling_only(whole)), "a parent or a sampling state alone, not both");
  if (single) check(!all_zero(single->trace_id) && !all_zero(single->span_id), "ids are not zero");

  FuzzedDataProvider in(data, size);
  std::string trace_id = in.ConsumeRandomLengthString(40), span_id = in.ConsumeRandomLengthString(20),
              sampled = in.ConsumeRandomLengthString(8), flags = in.ConsumeRemainingBytesAsString();
  auto multi = parse_b3_multi(trace_id, span_id, sampled, flags);
  if (multi) {
    check(!all_zero(multi->trace_id) && !all_zero(multi->span_id), "ids are not zero");
    std::string_view s = span_id;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    check(s.substr(0, 16) == to_hex(multi->span_id), "span id round-trips");
  }
  return 0;
}
