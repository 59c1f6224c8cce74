#include <gtest/gtest.h>

#include <vector>

#include "pipeline/event_pipeline.h"
#include "protocols/detect.h"

namespace kotel::pipeline {
namespace {

ingest::Data data(ingest::ConnKey k, uint64_t pos, std::string payload) {
  ingest::Data d;
  d.key = k;
  d.direction = ingest::Direction::kIngress;
  d.position = pos;
  d.bytes = payload.size();
  d.payload = std::move(payload);
  return d;
}

struct Fixture {
  std::vector<uint64_t> muted;
  std::vector<std::string> lines;
  EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0),
                     KernelControl{nullptr, [this](uint64_t gen) { muted.push_back(gen); }},
                     [this](const std::string& l) { lines.push_back(l); }};
};

TEST(Classify, HttpConnectionsKeepTheirPayload) {
  Fixture f;
  f.pipe.on_event(data({1, 3, 7}, 0, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(f.muted.empty());
  EXPECT_EQ(f.pipe.tracker().find({1, 3, 7})->protocol, protocols::Protocol::kHttp1);
  EXPECT_EQ(f.pipe.stats().http1_connections, 1u);
}

TEST(Classify, OtherProtocolsAreMutedOnce) {
  Fixture f;
  f.pipe.on_event(data({1, 4, 8}, 0, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"));
  f.pipe.on_event(data({1, 4, 8}, 32, "more bytes of the same stream"));
  EXPECT_EQ(f.muted, (std::vector<uint64_t>{8}));
  EXPECT_EQ(f.pipe.stats().muted_connections, 1u);
}

TEST(Classify, ShortFirstReadWaitsForMoreBytes) {
  Fixture f;
  f.pipe.on_event(data({1, 5, 9}, 0, "GE"));  // a request split after two bytes
  EXPECT_TRUE(f.muted.empty());
  f.pipe.on_event(data({1, 5, 9}, 2, "T / HTTP/1.1\r\n\r\n"));
  EXPECT_TRUE(f.muted.empty()) << "mid-stream bytes never rule HTTP out on their own";
}

TEST(Classify, MidStreamConnectionsGiveUpAfterManyEvents) {
  Fixture f;
  for (int i = 0; i < 20; ++i) f.pipe.on_event(data({2, 6, 10}, 1000 + i * 10, "0123456789"));
  EXPECT_EQ(f.muted, (std::vector<uint64_t>{10}));
}

TEST(Classify, MidStreamHttpIsRecognisedAtAMessageHead) {
  Fixture f;
  f.pipe.on_event(data({2, 7, 11}, 5000, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_EQ(f.pipe.tracker().find({2, 7, 11})->protocol, protocols::Protocol::kHttp1);
}

}  // namespace
}  // namespace kotel::pipeline
