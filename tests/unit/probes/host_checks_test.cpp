#include "probes/host_checks.h"

#include <gtest/gtest.h>

namespace kotel::probes {
namespace {

TEST(PrivilegesCheck, NamesWhatIsMissingAndWhatItCosts) {
  Privileges none;
  HostCheck c = privileges_check(none);
  EXPECT_EQ(c.state, CheckState::kFail);
  EXPECT_NE(c.detail.find("missing capability CAP_BPF"), std::string::npos) << c.detail;
  EXPECT_NE(c.detail.find("CAP_PERFMON"), std::string::npos);
  EXPECT_NE(c.detail.find("CAP_DAC_READ_SEARCH"), std::string::npos);  // not root: tracefs is 0700

  Privileges unit{false, true, true, false, true, false};  // the systemd unit without CAP_SYS_PTRACE
  c = privileges_check(unit);
  EXPECT_EQ(c.state, CheckState::kWarn);
  EXPECT_NE(c.detail.find("missing CAP_SYS_PTRACE"), std::string::npos) << c.detail;

  Privileges root_no_dac{true, true, true, true, false, false};  // root owns tracefs
  EXPECT_EQ(privileges_check(root_no_dac).state, CheckState::kPass);

  Privileges admin{true, false, false, true, true, true};  // CAP_SYS_ADMIN covers BPF and PERFMON
  c = privileges_check(admin);
  EXPECT_EQ(c.state, CheckState::kPass);
  EXPECT_NE(c.detail.find("root with CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_SYS_ADMIN"),
            std::string::npos)
      << c.detail;
}

}  // namespace
}  // namespace kotel::probes
