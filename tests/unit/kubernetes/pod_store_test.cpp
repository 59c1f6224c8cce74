// Pods by container: the recorded list in the store, and the pod uid of the
// cgroup path when the container is not in the pod's status yet.
#include "kubernetes/pod_store.h"

#include <gtest/gtest.h>

#include "kubernetes/watch_events.h"
#include "tests/unit/kubernetes/recorded_pods.h"

namespace kotel::kubernetes {
namespace {

TEST(PodStore, FallsBackToThePodUidOfTheCgroupPath) {
  PodStore store;
  store.replace_all(parse_pod_list(testing::recorded("pod_list.json")).value().pods);
  // A container not in the status yet, in the single-container ledger pod.
  auto m = store.find({std::string(64, 'c'), "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pod->name, "ledger-0");
  EXPECT_EQ(m->container_name, "ledger");
  // In the two-container checkout pod: the pod, but no container name.
  m = store.find({std::string(64, 'c'), testing::kCheckoutUid});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->container_name, "");
  EXPECT_FALSE(store.find({std::string(64, 'c'), ""}));
}

}  // namespace
}  // namespace kotel::kubernetes
