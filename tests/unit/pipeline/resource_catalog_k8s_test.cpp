// Resources of processes in pods: k8s.* attributes from the pod store, added
// once the pod is known, service.name from the pod when the process sets none.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "kubernetes/watch_events.h"
#include "pipeline/resource_catalog.h"
#include "tests/unit/kubernetes/recorded_pods.h"

namespace kotel::pipeline {
namespace {

namespace fs = std::filesystem;
namespace kt = kubernetes::testing;

class ResourceCatalogK8s : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "kotel-proc-XXXXXX";
    ASSERT_TRUE(mkdtemp(pattern.data()));
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  // A fake /proc/<pid> in a containerd container (systemd driver).
  void process(uint32_t pid, const std::string& container, const std::string& environ = "") {
    fs::path dir = fs::path(root_) / std::to_string(pid);
    fs::create_directories(dir);
    std::ofstream(dir / "cgroup") << "0::/kubepods.slice/kubepods-besteffort.slice/cri-containerd-" << container
                                  << ".scope\n";
    std::ofstream(dir / "comm") << "worker\n";
    std::ofstream(dir / "environ") << environ;
    std::ofstream(dir / "stat") << pid << " (worker) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0 0";
    fs::create_symlink("/usr/local/bin/worker", dir / "exe");
  }

  std::string attr(const model::Resource& r, const std::string& key) {
    for (const auto& [k, v] : r.extra)
      if (k == key) return v;
    return "<absent>";
  }

  std::string root_;
};

TEST_F(ResourceCatalogK8s, PodArrivingAfterTheProcess) {
  auto store = std::make_shared<kubernetes::PodStore>();
  ResourceCatalog catalog("host-1", root_);
  catalog.enable_kubernetes({store, "node-1"});
  process(100, kt::kLateContainer);

  auto before = catalog.lookup(100);
  EXPECT_EQ(attr(*before, "k8s.pod.name"), "<absent>");
  EXPECT_EQ(attr(*before, "k8s.node.name"), "node-1");
  EXPECT_EQ(before->service_name, "worker");
  EXPECT_EQ(catalog.lookup(100), before);  // nothing changed: the same resource

  std::string rv;
  auto events = kt::recorded("watch_events.jsonl");
  std::string added = events.substr(events.find('\n') + 1);
  added = added.substr(0, added.find('\n'));
  ASSERT_EQ(kubernetes::apply_watch_line(added, *store, rv), kubernetes::WatchOutcome::kApplied);

  auto after = catalog.lookup(100);
  ASSERT_NE(after, before);  // later spans carry the pod
  EXPECT_EQ(attr(*after, "k8s.pod.name"), "late-worker-29a1b");
  EXPECT_EQ(attr(*after, "k8s.namespace.name"), "batch");
  EXPECT_EQ(attr(*after, "k8s.container.name"), "worker");
  EXPECT_EQ(attr(*after, "k8s.job.name"), "late-worker");
  EXPECT_EQ(attr(*after, "k8s.node.name"), "node-1");
  EXPECT_EQ(after->service_name, "worker");  // no app label: still the executable's name
  EXPECT_EQ(after->service_instance_id, before->service_instance_id);

  store->remove("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f");
  EXPECT_EQ(attr(*catalog.lookup(100), "k8s.pod.name"), "<absent>");
}

TEST_F(ResourceCatalogK8s, ServiceNameFromThePodUnlessTheProcessNamesItself) {
  auto store = std::make_shared<kubernetes::PodStore>();
  store->replace_all(kubernetes::parse_pod_list(kt::recorded("pod_list.json")).value().pods);
  ResourceCatalog catalog("host-1", root_);
  catalog.enable_kubernetes({store, "node-1"});
  process(200, kt::kAppContainer);
  process(201, kt::kAppContainer, std::string("OTEL_SERVICE_NAME=payments\0", 27));
  process(202, kt::kAppContainer, std::string("OTEL_RESOURCE_ATTRIBUTES=k8s.pod.name=from-env\0", 47));

  auto r = catalog.lookup(200);
  EXPECT_EQ(r->service_name, "checkout");
  EXPECT_EQ(attr(*r, "k8s.deployment.name"), "checkout");
  EXPECT_EQ(attr(*r, "k8s.container.name"), "app");
  EXPECT_EQ(catalog.lookup(201)->service_name, "payments");
  EXPECT_EQ(attr(*catalog.lookup(201), "k8s.pod.name"), "checkout-7c9d8f6b5d-x2k4p");
  // What the process says about itself wins, once.
  auto own = catalog.lookup(202);
  EXPECT_EQ(attr(*own, "k8s.pod.name"), "from-env");
  EXPECT_EQ(std::count_if(own->extra.begin(), own->extra.end(), [](auto& kv) { return kv.first == "k8s.pod.name"; }),
            1);
}

TEST_F(ResourceCatalogK8s, OffMeansNoK8sAttributes) {
  ResourceCatalog catalog("host-1", root_);
  process(300, kt::kAppContainer);
  EXPECT_EQ(attr(*catalog.lookup(300), "k8s.node.name"), "<absent>");
}

}  // namespace
}  // namespace kotel::pipeline
