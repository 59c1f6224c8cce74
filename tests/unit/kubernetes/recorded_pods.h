#pragma once
// The recorded API server answers in tests/data/kubernetes, with their
// placeholders (@NODE@, @APP_CONTAINER_ID@, @LATE_CONTAINER_ID@) filled in.
#include <fstream>
#include <sstream>
#include <string>

namespace kotel::kubernetes::testing {

inline const std::string kAppContainer = "3f4e1c0b6a8d9e2f7c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
inline const std::string kLateContainer = "aa4e1c0b6a8d9e2f7c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4eaa";
// The uid of the two-container checkout pod in pod_list.json.
inline const std::string kCheckoutUid = "6d2c1a8e-1f3b-4c5d-9e7f-0a1b2c3d4e5f";

inline std::string recorded(const std::string& name) {
  std::ifstream in(std::string(KOTEL_TEST_DATA_DIR) + "/kubernetes/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  auto fill = [&s](const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  };
  fill("@NODE@", "node-1");
  fill("@APP_CONTAINER_ID@", kAppContainer);
  fill("@LATE_CONTAINER_ID@", kLateContainer);
  return s;
}

}  // namespace kotel::kubernetes::testing
