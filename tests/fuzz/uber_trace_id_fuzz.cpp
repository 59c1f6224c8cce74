// parse_uber_trace_id and parse_uberctx on arbitrary values.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "protocols/context/context.h"

using namespace kotel::protocols::context;
using kotel::core::all_zero;
using kotel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view whole(reinterpret_cast<const char*>(data), size);
  if (auto sc = parse_uber_trace_id(whole))
    check(!all_zero(sc->trace_id) && !all_zero(sc->span_id), "ids are not zero");

  FuzzedDataProvider in(data, size);
  std::string name = in.ConsumeRandomLengthString(64), value = in.ConsumeRemainingBytesAsString();
  BaggageEntry e;
  if (parse_uberctx(name, value, &e)) {
    check(!e.key.empty() && e.key.size() + 8 == name.size(), "the key is the rest of the name");
    for (char c : e.key) check(!(c >= 'A' && c <= 'Z'), "keys are lowercase");
  }
  return 0;
}
