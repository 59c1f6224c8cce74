#pragma once
// Garbage in, for the decoder and the parsers: deterministic (seeded), so a
// failure reproduces. The tests check that every input gets an answer, never
// a crash or an out-of-bounds read (run under ASan/valgrind to see the latter).

#include <cstddef>
#include <random>
#include <string>

namespace kotel::testing {

// Up to `max_len` random bytes, drawn from `alphabet` when one is given.
inline std::string random_bytes(std::mt19937& rng, size_t max_len, const std::string& alphabet = {}) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s(len(rng), '\0');
  for (auto& c : s) {
    c = alphabet.empty() ? static_cast<char>(byte(rng)) : alphabet[static_cast<size_t>(byte(rng)) % alphabet.size()];
  }
  return s;
}

// The i-th of a series of HTTP-ish inputs: mostly HTTP characters after a
// request line, a status line or nothing, ended by a blank line or not, so
// the parsers get deep into their states.
inline std::string random_http_ish(std::mt19937& rng, int i) {
  static const std::string kAlphabet = "GETPOSHTP/1.0 \r\n:;-abcxyz0123456789ContentLngh";
  return (i % 3 == 0   ? std::string("GET / HTTP/1.1\r\n")
          : i % 3 == 1 ? "HTTP/1.1 200 OK\r\n"
                       : "") +
         random_bytes(rng, 300, kAlphabet) + (i % 2 ? "\r\n\r\n" : "");
}

}  // namespace kotel::testing
