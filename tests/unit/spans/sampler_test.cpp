#include "spans/sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace kotel::spans {
namespace {

model::TraceId random_id(std::mt19937_64& rng) {
  model::TraceId id;
  for (auto& b : id) b = static_cast<uint8_t>(rng());
  return id;
}

TEST(Sampler, TraceIdRatioKeepsTheRatioWithinThreeSigmaAndIsDeterministic) {
  std::mt19937_64 rng(42);
  const int n = 100'000;
  const double ratio = 0.1;
  int kept = 0;
  for (int i = 0; i < n; ++i) {
    auto id = random_id(rng);
    bool a = trace_id_ratio_sampled(id, ratio);
    EXPECT_EQ(a, trace_id_ratio_sampled(id, ratio)) << "the same trace, the same decision";
    kept += a;
  }
  double sigma = std::sqrt(n * ratio * (1 - ratio));
  EXPECT_NEAR(kept, n * ratio, 3 * sigma);
  model::TraceId zero{};
  EXPECT_TRUE(trace_id_ratio_sampled(zero, 0.0001));
  EXPECT_FALSE(trace_id_ratio_sampled(zero, 0.0));
  EXPECT_TRUE(trace_id_ratio_sampled(random_id(rng), 1.0));
}

TEST(Sampler, ALowerRatioKeepsASubsetOfAHigherOne) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 10'000; ++i) {
    auto id = random_id(rng);
    if (trace_id_ratio_sampled(id, 0.01)) EXPECT_TRUE(trace_id_ratio_sampled(id, 0.5));
  }
}

TEST(Sampler, ParentBasedFollowsTheParentRootsUseTheRootSampler) {
  std::mt19937_64 rng(1);
  SamplerConfig c;
  c.root = SamplerConfig::Root::kAlwaysOff;
  Sampler s(c);  // parentbased_always_off
  auto id = random_id(rng);
  EXPECT_FALSE(s.sample_root(id, "svc"));
  EXPECT_TRUE(s.sample_child(id, "svc", true)) << "a sampled parent's child is sampled";
  EXPECT_FALSE(s.sample_child(id, "svc", false));
  c.parent_based = false;  // plain always_off: parents do not matter
  EXPECT_FALSE(Sampler(c).sample_child(id, "svc", true));
}

TEST(Sampler, APerServiceRatioReplacesTheRootRatioForItsRoots) {
  SamplerConfig c;
  c.root = SamplerConfig::Root::kAlwaysOn;
  c.service_ratio = {{"noisy", 0.0}, {"important", 1.0}};
  Sampler s(c);
  std::mt19937_64 rng(3);
  auto id = random_id(rng);
  EXPECT_FALSE(s.sample_root(id, "noisy"));
  EXPECT_TRUE(s.sample_root(id, "important"));
  EXPECT_TRUE(s.sample_root(id, "other"));
  EXPECT_TRUE(s.sample_child(id, "noisy", true)) << "a child of a sampled trace stays in it";
}

}  // namespace
}  // namespace kotel::spans
