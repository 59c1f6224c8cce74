// Recorded list and watch answers applied to the pod store.
#include "kubernetes/watch_events.h"

#include <gtest/gtest.h>

#include "tests/unit/kubernetes/recorded_pods.h"

namespace kotel::kubernetes {
namespace {

const std::string kLedgerOld = "b0c1d2e3f405162738495a6b7c8d9e0fa1b2c3d4e5f60718293a4b5c6d7e8f90";
const std::string kLedgerNew = "d1e2f3a4b5c60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  LineSplitter split;
  split.feed(text, [&](std::string_view l) { out.emplace_back(l); });
  return out;
}

TEST(ParsePodList, RecordedList) {
  auto page = parse_pod_list(testing::recorded("pod_list.json"));
  ASSERT_TRUE(page) << page.error();
  EXPECT_EQ(page.value().resource_version, "48211");
  EXPECT_EQ(page.value().continue_token, "");
  EXPECT_EQ(page.value().pods.size(), 2u);
  EXPECT_EQ(page.value().invalid_pods, 0u);
}

TEST(ParsePodList, BadAnswers) {
  EXPECT_FALSE(parse_pod_list("not json"));
  EXPECT_FALSE(parse_pod_list(R"({"items":[]})"));  // no resourceVersion: cannot watch from it
  auto forbidden = parse_pod_list(
      R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:kotel:kotel\" cannot list resource \"pods\"","reason":"Forbidden","code":403})");
  ASSERT_FALSE(forbidden);
  EXPECT_NE(forbidden.error().find("forbidden"), std::string::npos);
  auto partial = parse_pod_list(R"({"metadata":{"resourceVersion":"1","continue":"abc"},"items":[{"metadata":{}},{"metadata":{"uid":"u","name":"n","namespace":"x"}}]})");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial.value().pods.size(), 1u);
  EXPECT_EQ(partial.value().invalid_pods, 1u);
  EXPECT_EQ(partial.value().continue_token, "abc");
}

TEST(ApplyWatchLine, RecordedEventsInOrder) {
  PodStore store;
  store.replace_all(parse_pod_list(testing::recorded("pod_list.json")).value().pods);
  ASSERT_TRUE(store.find({testing::kAppContainer, ""}));
  EXPECT_FALSE(store.find({testing::kLateContainer, ""}));
  auto events = lines(testing::recorded("watch_events.jsonl"));
  ASSERT_EQ(events.size(), 5u);
  std::string rv = "48211";
  uint64_t gen = store.generation();

  EXPECT_EQ(apply_watch_line(events[0], store, rv), WatchOutcome::kBookmark);
  EXPECT_EQ(rv, "48300");
  EXPECT_EQ(store.generation(), gen);  // nothing changed

  EXPECT_EQ(apply_watch_line(events[1], store, rv), WatchOutcome::kApplied);  // ADDED late-worker
  EXPECT_EQ(rv, "48305");
  EXPECT_GT(store.generation(), gen);
  auto late = store.find({testing::kLateContainer, ""});
  ASSERT_TRUE(late);
  EXPECT_EQ(late->pod->name, "late-worker-29a1b");
  EXPECT_EQ(late->container_name, "worker");

  EXPECT_EQ(apply_watch_line(events[2], store, rv), WatchOutcome::kApplied);  // MODIFIED ledger: restarted
  EXPECT_FALSE(store.find({kLedgerOld, ""}));
  auto ledger = store.find({kLedgerNew, ""});
  ASSERT_TRUE(ledger);
  EXPECT_EQ(ledger->pod->service_name, "ledger");  // the annotation is gone in this version

  EXPECT_EQ(apply_watch_line(events[3], store, rv), WatchOutcome::kApplied);  // DELETED checkout
  EXPECT_FALSE(store.find({testing::kAppContainer, ""}));
  EXPECT_FALSE(store.find({testing::kAppContainer, testing::kCheckoutUid}));
  EXPECT_EQ(store.size(), 2u);

  EXPECT_EQ(apply_watch_line(events[4], store, rv), WatchOutcome::kGone);  // 410: list again
  EXPECT_EQ(rv, "48320");
}

TEST(ApplyWatchLine, ErrorsAndGarbage) {
  PodStore store;
  std::string rv = "1";
  EXPECT_EQ(apply_watch_line(R"({"type":"ERROR","object":{"kind":"Status","code":500,"message":"etcd"}})", store, rv),
            WatchOutcome::kError);
  EXPECT_EQ(apply_watch_line("{truncated", store, rv), WatchOutcome::kInvalid);
  EXPECT_EQ(apply_watch_line(R"({"type":"ADDED"})", store, rv), WatchOutcome::kInvalid);
  EXPECT_EQ(apply_watch_line(R"({"type":"ADDED","object":{"metadata":{"name":"x"}}})", store, rv),
            WatchOutcome::kInvalid);
  EXPECT_EQ(apply_watch_line(R"({"type":"SURPRISE","object":{"metadata":{"uid":"u","name":"n","namespace":"x"}}})",
                             store, rv),
            WatchOutcome::kInvalid);
  EXPECT_EQ(rv, "1");
  EXPECT_EQ(store.size(), 0u);
}

TEST(LineSplitter, SplitsAtEveryOffset) {
  std::string text = testing::recorded("watch_events.jsonl");
  auto whole = lines(text);
  for (size_t cut = 0; cut <= text.size(); cut += 7) {
    std::vector<std::string> got;
    LineSplitter split;
    auto take = [&](std::string_view l) { got.emplace_back(l); };
    split.feed(std::string_view(text).substr(0, cut), take);
    split.feed(std::string_view(text).substr(cut), take);
    ASSERT_EQ(got, whole) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace kotel::kubernetes
