// Redis client connections: commands paired with replies in order, however
// the stream is cut, pipelining, errors, RESP3, values the capture cut short,
// and the streams that stop being followed.

#include "protocols/redis/redis_stitch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kotel::protocols::redis {
namespace {

std::string command(std::initializer_list<std::string_view> args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (auto a : args) out += "$" + std::to_string(a.size()) + "\r\n" + std::string(a) + "\r\n";
  return out;
}

struct Conn {
  RedisStats stats;
  RedisStitcher st{&stats};
  std::vector<RedisCall> done;
  uint64_t ts = 100;
  void send(std::string_view b, uint64_t uncaptured = 0) { st.on_segment(true, b, uncaptured, 0, ++ts, 7, &done); }
  void recv(std::string_view b, uint64_t uncaptured = 0) { st.on_segment(false, b, uncaptured, 0, ++ts, 7, &done); }
};

TEST(RedisStitch, PipelineSplitAtEveryOffset) {
  std::string cmds = command({"SET", "k", "v"}) + command({"get", "k"}) + command({"INCR", "k"}) +
                     command({"HGETALL", "h"});
  std::string replies = "+OK\r\n$1\r\nv\r\n-ERR value is not an integer or out of range\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n";
  for (size_t cut = 0; cut <= cmds.size(); ++cut) {
    for (size_t rcut : {size_t{0}, size_t{3}, replies.size() / 2, replies.size()}) {
      Conn c;
      c.send(std::string_view(cmds).substr(0, cut));
      c.send(std::string_view(cmds).substr(cut));
      c.recv(std::string_view(replies).substr(0, rcut));
      c.recv(std::string_view(replies).substr(rcut));
      ASSERT_EQ(c.done.size(), 4u) << cut << "/" << rcut;
      EXPECT_EQ(c.done[0].command, "SET");
      EXPECT_EQ(c.done[0].arguments, 2u);
      EXPECT_EQ(c.done[1].command, "GET");  // upper-cased
      EXPECT_FALSE(c.done[1].error);
      EXPECT_TRUE(c.done[2].error);
      EXPECT_EQ(c.done[2].error_prefix, "ERR");
      EXPECT_EQ(c.done[3].command, "HGETALL");
      EXPECT_FALSE(c.st.stopped());
    }
  }
}

TEST(RedisStitch, Resp3TypesAndPushesAndAttributes) {
  Conn c;
  c.send(command({"HELLO", "3"}) + command({"HGETALL", "h"}) + command({"DEBUG", "x"}));
  // A map reply, a push between replies (pairs with nothing), an attribute
  // before a value, and a blob error.
  c.recv("%1\r\n+server\r\n+redis\r\n>2\r\n+message\r\n+x\r\n|1\r\n+ttl\r\n:3\r\n%1\r\n$1\r\na\r\n,1.5\r\n!9\r\nSYNTAX no\r\n");
  ASSERT_EQ(c.done.size(), 3u);
  EXPECT_EQ(c.done[1].command, "HGETALL");
  EXPECT_FALSE(c.done[1].error);
  EXPECT_TRUE(c.done[2].error);
}

TEST(RedisStitch, AValueTheCaptureCutIsSkippedByItsLength) {
  Conn c;
  std::string big(10000, 'x');
  std::string set = command({"SET", "k", big});
  c.send(std::string_view(set).substr(0, 4096), set.size() - 4096);  // the kernel copied 4096 bytes
  c.send(command({"GET", "k"}));
  std::string reply = "+OK\r\n$10000\r\n" + big + "\r\n";
  c.recv(std::string_view(reply).substr(0, 4096), reply.size() - 4096);
  ASSERT_EQ(c.done.size(), 2u);
  EXPECT_EQ(c.done[0].command, "SET");
  EXPECT_EQ(c.done[1].command, "GET");
  EXPECT_FALSE(c.st.stopped());
}

TEST(RedisStitch, StreamsThatCannotBeFollowedStop) {
  Conn gap;
  gap.send(command({"GET", "a"}));
  gap.st.on_segment(false, "+OK\r\n", 0, 100, 200, 7, &gap.done);  // bytes lost before the reply
  EXPECT_TRUE(gap.st.stopped());
  EXPECT_EQ(gap.stats.lost_sync, 1u);
  Conn sub;
  sub.send(command({"SUBSCRIBE", "news"}));
  EXPECT_TRUE(sub.st.stopped());
  EXPECT_EQ(sub.stats.stopped_streaming, 1u);
  Conn junk;
  junk.send("PING\r\n");  // an inline command: not followed
  EXPECT_TRUE(junk.st.stopped());
  Conn orphan;
  orphan.recv("+OK\r\n");  // a reply to nothing seen
  EXPECT_TRUE(orphan.st.stopped());
  Conn closed;
  closed.send(command({"BLPOP", "q", "0"}));
  closed.st.on_close();
  EXPECT_EQ(closed.stats.unanswered, 1u);
  EXPECT_TRUE(closed.done.empty());
}

}  // namespace
}  // namespace kotel::protocols::redis
