// Pod JSON (recorded shapes) -> the attributes kotel adds; owner -> workload.
#include "kubernetes/pod_info.h"

#include <gtest/gtest.h>

#include "tests/unit/kubernetes/recorded_pods.h"

namespace kotel::kubernetes {
namespace {

using nlohmann::json;

std::string attr(const Attributes& a, const std::string& key) {
  for (const auto& [k, v] : a)
    if (k == key) return v;
  return "<absent>";
}

TEST(WorkloadsOf, ReplicaSetHashStrippedToTheDeployment) {
  auto w = workloads_of("ReplicaSet", "checkout-7c9d8f6b5d", "7c9d8f6b5d");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], (Workload{"replicaset", "checkout-7c9d8f6b5d"}));
  EXPECT_EQ(w[1], (Workload{"deployment", "checkout"}));
  // Without the pod-template-hash label: the hash alphabet decides.
  EXPECT_EQ(workloads_of("ReplicaSet", "my-api-server-5b9f8d7c4", "").back(), (Workload{"deployment", "my-api-server"}));
  // A suffix with vowels is no hash: a ReplicaSet made by hand.
  EXPECT_EQ(workloads_of("ReplicaSet", "frontend-blue", "").size(), 1u);
  // The label disagrees with the name: no guess.
  EXPECT_EQ(workloads_of("ReplicaSet", "web-5d8f7c9b6d", "aaaa").size(), 1u);
  EXPECT_EQ(workloads_of("ReplicaSet", "nohash", "").size(), 1u);
}

TEST(WorkloadsOf, OtherControllers) {
  EXPECT_EQ(workloads_of("StatefulSet", "ledger", ""), (std::vector<Workload>{{"statefulset", "ledger"}}));
  EXPECT_EQ(workloads_of("DaemonSet", "kotel", ""), (std::vector<Workload>{{"daemonset", "kotel"}}));
  EXPECT_EQ(workloads_of("Job", "late-worker", ""), (std::vector<Workload>{{"job", "late-worker"}}));
  EXPECT_TRUE(workloads_of("Node", "node-1", "").empty());  // static pods are owned by their node
  EXPECT_TRUE(workloads_of("ReplicaSet", "", "").empty());
}

TEST(ParsePod, DeploymentPodFromTheRecordedList) {
  json list = json::parse(testing::recorded("pod_list.json"));
  auto pod = parse_pod(list["items"][0]);
  ASSERT_TRUE(pod) << pod.error();
  const auto& p = pod.value();
  EXPECT_EQ(p.service_name, "checkout");  // app.kubernetes.io/name
  ASSERT_EQ(p.containers.size(), 2u);
  EXPECT_EQ(p.containers[0], (std::pair<std::string, std::string>{testing::kAppContainer, "app"}));
  EXPECT_EQ(p.only_container, "");  // two containers: no guess
  auto a = pod_attributes(p, "app");
  EXPECT_EQ(attr(a, "k8s.namespace.name"), "shop");
  EXPECT_EQ(attr(a, "k8s.pod.name"), "checkout-7c9d8f6b5d-x2k4p");
  EXPECT_EQ(attr(a, "k8s.pod.uid"), "6d2c1a8e-1f3b-4c5d-9e7f-0a1b2c3d4e5f");
  EXPECT_EQ(attr(a, "k8s.node.name"), "node-1");
  EXPECT_EQ(attr(a, "k8s.container.name"), "app");
  EXPECT_EQ(attr(a, "k8s.replicaset.name"), "checkout-7c9d8f6b5d");
  EXPECT_EQ(attr(a, "k8s.deployment.name"), "checkout");
}

TEST(ParsePod, AnnotationBeatsLabelsForTheServiceName) {
  json list = json::parse(testing::recorded("pod_list.json"));
  auto pod = parse_pod(list["items"][1]);
  ASSERT_TRUE(pod) << pod.error();
  EXPECT_EQ(pod.value().service_name, "ledger-api");
  EXPECT_EQ(pod.value().only_container, "ledger");
  auto a = pod_attributes(pod.value(), "ledger");
  EXPECT_EQ(attr(a, "k8s.statefulset.name"), "ledger");
  EXPECT_EQ(attr(a, "k8s.deployment.name"), "<absent>");
  // The plain "app" label when nothing better is there.
  json p = list["items"][1];
  p["metadata"].erase("annotations");
  EXPECT_EQ(parse_pod(p).value().service_name, "ledger");
  p["metadata"]["labels"].erase("app");
  EXPECT_EQ(parse_pod(p).value().service_name, "");
}

TEST(ParsePod, MissingIdentityIsAnErrorNamingIt) {
  EXPECT_NE(parse_pod(json::parse(R"({"metadata":{"name":"a","namespace":"b"}})")).error().find("metadata.uid"),
            std::string::npos);
  EXPECT_NE(parse_pod(json::parse(R"({"metadata":{"uid":"u","name":"a"}})")).error().find("metadata.namespace"),
            std::string::npos);
  EXPECT_FALSE(parse_pod(json::parse("[1,2]")));
  // Wrong types are tolerated as absent, not thrown.
  auto p = parse_pod(json::parse(
      R"({"metadata":{"uid":"u","name":"a","namespace":"b","labels":[],"ownerReferences":{}},"status":{"containerStatuses":[1,{"name":2}]}})"));
  ASSERT_TRUE(p);
  EXPECT_TRUE(p.value().containers.empty());
  EXPECT_TRUE(p.value().workloads.empty());
}

TEST(ParsePod, ContainerWithoutIdYet) {
  // A pod still being created has statuses without containerID.
  auto p = parse_pod(json::parse(
      R"({"metadata":{"uid":"u","name":"a","namespace":"b"},"spec":{"containers":[{"name":"only"}]},
          "status":{"containerStatuses":[{"name":"only","state":{"waiting":{"reason":"ContainerCreating"}}}]}})"));
  ASSERT_TRUE(p);
  EXPECT_TRUE(p.value().containers.empty());
  EXPECT_EQ(p.value().only_container, "only");
}

}  // namespace
}  // namespace kotel::kubernetes
