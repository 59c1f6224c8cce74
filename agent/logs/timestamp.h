#pragma once
// Timestamps at the start of a log line or in a JSON field: RFC 3339 / ISO
// 8601 ("2024-01-02T03:04:05.123Z", "2024-01-02 03:04:05,123" as Python
// logging writes it), Go's log ("2024/01/02 03:04:05.000123"), epoch numbers.
// A time without a zone is local time: the caller gives its UTC offset. Pure.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kotel::logs {

// Parses a timestamp at the start of `s`; returns the bytes it took (0: none)
// and sets *unix_ns.
size_t parse_leading_timestamp(std::string_view s, int64_t local_utc_offset_s, uint64_t* unix_ns);
// Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude.
uint64_t epoch_number_to_ns(double value);
uint64_t epoch_integer_to_ns(int64_t value);  // the same, exact

}  // namespace kotel::logs
