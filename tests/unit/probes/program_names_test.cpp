// Every BPF program's name is whole and unique in the 15 characters the
// kernel keeps (BPF_OBJ_NAME_LEN - 1): bpftool, `kotel probes` and the
// kernel's run statistics name programs by it. Opening the skeleton parses
// the embedded object without loading anything: no privileges needed.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kotel.skel.h"

namespace {

TEST(ProgramNames, FitTheKernelsFifteenCharactersAndAreUnique) {
  kotel_bpf* skel = kotel_bpf__open();
  ASSERT_NE(skel, nullptr) << "the embedded BPF object does not parse";
  std::set<std::string> names;
  size_t programs = 0;
  bpf_program* prog = nullptr;
  bpf_object__for_each_program(prog, skel->obj) {
    std::string name = bpf_program__name(prog);
    ++programs;
    EXPECT_LE(name.size(), 15u) << name << " is cut to " << name.substr(0, 15) << " by the kernel";
    EXPECT_EQ(name.rfind("kotel_", 0), 0u) << name << ": kotel's programs say whose they are";
    EXPECT_TRUE(names.insert(name.substr(0, 15)).second) << name << " is not unique in 15 characters";
  }
  EXPECT_GE(programs, 19u);  // socket I/O, sys_exit, state, process, TCP, logs, TLS
  kotel_bpf__destroy(skel);
}

}  // namespace
