#include "metrics/metric_resources.h"

#include <gtest/gtest.h>

namespace kotel::metrics {
namespace {

std::shared_ptr<const model::Resource> process(uint32_t pid, std::string service, std::string pod_uid = "") {
  auto r = std::make_shared<model::Resource>();
  r->service_name = std::move(service);
  r->service_instance_id = "instance-" + std::to_string(pid);
  r->pid = pid;
  r->executable_name = "curl";
  r->executable_path = "/usr/bin/curl";
  r->host_name = "node-1";
  if (!pod_uid.empty()) r->extra.emplace_back("k8s.pod.uid", pod_uid);
  return r;
}

TEST(MetricResources, ProcessesOfOneServiceShareOneResourceWithoutPid) {
  MetricResources m;
  auto a = m.of(process(100, "curl"));
  auto b = m.of(process(101, "curl"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a->pid, 0u);
  EXPECT_EQ(a->service_instance_id, "node-1/curl");
  EXPECT_TRUE(a->executable_path.empty());
  EXPECT_NE(m.of(process(102, "shop")), a);
  EXPECT_NE(m.of(process(103, "curl", "uid-9")), a) << "a pod is an instance of its own";
  EXPECT_EQ(m.of(process(103, "curl", "uid-9"))->service_instance_id, "node-1/curl/uid-9");
  EXPECT_EQ(m.of(nullptr), nullptr);
  auto gone = std::make_shared<model::Resource>(*process(104, "curl"));
  gone->executable_name.clear();  // it exited before kotel read its executable
  EXPECT_EQ(m.of(gone), a);
}

TEST(MetricResources, BoundedAndCollectedWhenNoSeriesHoldsThem) {
  MetricResources m;
  std::vector<std::shared_ptr<const model::Resource>> held;
  for (uint32_t i = 0; i < MetricResources::kMaxResources + 50; ++i)
    held.push_back(m.of(process(i, "svc-" + std::to_string(i))));
  EXPECT_EQ(m.size(), MetricResources::kMaxResources);
  EXPECT_EQ(m.overflowed(), 50u);
  EXPECT_EQ(held.back()->service_name, "kotel.overflow");
  held.clear();  // no series holds them any more
  m.collect();
  EXPECT_EQ(m.size(), 0u);
}

}  // namespace
}  // namespace kotel::metrics
