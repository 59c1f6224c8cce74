#include "logs/timestamp.h"

#include <cctype>

namespace kotel::logs {
namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(std::string_view s, size_t at, size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

size_t parse_leading_timestamp(std::string_view s, int64_t local_utc_offset_s, uint64_t* unix_ns) {
  int y, mo, d, h, mi, sec;
  // YYYY-MM-DD or YYYY/MM/DD, then T or space, then HH:MM:SS.
  if (!digits(s, 0, 4, &y) || s.size() < 19 || (s[4] != '-' && s[4] != '/') || s[7] != s[4]) return 0;
  if (!digits(s, 5, 2, &mo) || !digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != ' ')) return 0;
  if (!digits(s, 11, 2, &h) || s[13] != ':' || !digits(s, 14, 2, &mi) || s[16] != ':' || !digits(s, 17, 2, &sec))
    return 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1970) return 0;
  size_t i = 19;
  uint64_t frac_ns = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    size_t start = ++i;
    uint64_t scale = 100'000'000;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      frac_ns += static_cast<uint64_t>(s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return 0;
  }
  int64_t offset_s = local_utc_offset_s;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    offset_s = 0;
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    size_t colon = (i + 3 < s.size() && s[i + 3] == ':') ? 1 : 0;
    if (digits(s, i + 1, 2, &oh) && digits(s, i + 3 + colon, 2, &om)) {
      offset_s = (s[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      i += 5 + colon;
    }
  }
  int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
                 mi * 60 + sec - offset_s;
  if (secs < 0) return 0;
  *unix_ns = static_cast<uint64_t>(secs) * 1'000'000'000 + frac_ns;
  return i;
}

uint64_t epoch_number_to_ns(double v) {
  if (v <= 0) return 0;
  if (v < 1e11) return static_cast<uint64_t>(v * 1e9);   // seconds (until year 5138)
  if (v < 1e14) return static_cast<uint64_t>(v * 1e6);   // milliseconds
  if (v < 1e17) return static_cast<uint64_t>(v * 1e3);   // microseconds
  return static_cast<uint64_t>(v);                        // nanoseconds
}

uint64_t epoch_integer_to_ns(int64_t v) {
  if (v <= 0) return 0;
  auto u = static_cast<uint64_t>(v);
  if (u < 100'000'000'000ULL) return u * 1'000'000'000;
  if (u < 100'000'000'000'000ULL) return u * 1'000'000;
  if (u < 100'000'000'000'000'000ULL) return u * 1'000;
  return u;
}

}  // namespace kotel::logs
