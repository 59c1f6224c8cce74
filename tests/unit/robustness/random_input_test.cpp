// Garbage in: the decoder and the HTTP/1 parsers must answer with a state, never
// crash or read out of bounds (run under ASan/valgrind to see the latter).
// Deterministic seeds, so a failure reproduces.

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ingest/decoder.h"
#include "protocols/detect.h"
#include "protocols/http1/chunked.h"
#include "protocols/http1/parse.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel {
namespace {

std::string random_bytes(std::mt19937& rng, size_t max_len, const std::string& alphabet = {}) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s(len(rng), '\0');
  for (auto& c : s) {
    c = alphabet.empty() ? static_cast<char>(byte(rng)) : alphabet[static_cast<size_t>(byte(rng)) % alphabet.size()];
  }
  return s;
}

TEST(RandomInput, DecoderAnswersEveryRecord) {
  std::mt19937 rng(1234);
  size_t ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string rec = random_bytes(rng, 400);
    if (rec.size() >= sizeof(kotel_event_header)) {  // half the time, a plausible header
      kotel_event_header h{static_cast<uint16_t>(1 + i % 8), static_cast<uint16_t>(rec.size()), 0, 0};
      if (i % 2) std::memcpy(rec.data(), &h, sizeof(h));
    }
    auto ev = ingest::decode(std::span(reinterpret_cast<const std::byte*>(rec.data()), rec.size()));
    ok += ev.ok();
  }
  EXPECT_GT(ok, 0u) << "some plausible records decode";
}

TEST(RandomInput, Http1ParsersAnswerEveryInput) {
  std::mt19937 rng(99);
  // Mostly HTTP-ish characters, so the parsers get deep into their states.
  const std::string alphabet = "GETPOSHTP/1.0 \r\n:;-abcxyz0123456789ContentLngh";
  for (int i = 0; i < 20000; ++i) {
    std::string s = (i % 3 == 0 ? std::string("GET / HTTP/1.1\r\n") : i % 3 == 1 ? "HTTP/1.1 200 OK\r\n" : "") +
                    random_bytes(rng, 300, alphabet) + (i % 2 ? "\r\n\r\n" : "");
    protocols::http1::RequestHead req;
    protocols::http1::ResponseHead resp;
    auto a = protocols::http1::parse_request_head(s, &req);
    auto b = protocols::http1::parse_response_head(s, &resp);
    if (a == protocols::http1::ParseState::kSuccess) {
      EXPECT_LE(req.head_bytes, s.size());
    }
    if (b == protocols::http1::ParseState::kSuccess) {
      EXPECT_LE(resp.head_bytes, s.size());
    }
    protocols::http1::ChunkedScanner chunked;
    EXPECT_LE(chunked.feed(s), s.size());
    (void)protocols::detect_protocol(s, i % 2 == 0);
  }
}

}  // namespace
}  // namespace kotel
