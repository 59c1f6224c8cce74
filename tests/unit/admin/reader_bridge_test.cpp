#include "admin/reader_bridge.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace kotel::admin {
namespace {

TEST(ReaderBridge, RunsOnTheServingThreadAndGivesUpWhenNobodyServes) {
  ReaderBridge bridge;
  EXPECT_FALSE(bridge.run([] {}, std::chrono::milliseconds(20)));
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) bridge.serve();
  });
  std::thread::id ran_on;
  EXPECT_TRUE(bridge.run([&] { ran_on = std::this_thread::get_id(); }, std::chrono::seconds(5)));
  EXPECT_TRUE(ran_on == reader.get_id());
  stop = true;
  reader.join();
}

}  // namespace
}  // namespace kotel::admin
