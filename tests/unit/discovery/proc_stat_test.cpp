#include "discovery/proc_stat.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace kotel::discovery {
namespace {

TEST(StatField, CountsFromTheLastParenOfTheComm) {
  std::string_view stat = "4242 (my) (odd) 1) S 1 4000 4000 0 -1 4194560 99 0 0 0 7 3 0 0 20 0 1 0 123456 ";
  EXPECT_EQ(stat_field(stat, 3), 0u);  // "S" is not a number
  EXPECT_EQ(stat_field(stat, 4), 1u);  // ppid
  EXPECT_EQ(stat_field(stat, 5), 4000u);  // pgrp
  EXPECT_EQ(stat_field(stat, 22), 123456u);  // starttime
  EXPECT_EQ(stat_field(stat, 23), 0u);  // past the end
  EXPECT_EQ(stat_field(stat, 2), 0u);
  EXPECT_EQ(stat_field("no parens 1 2 3", 4), 0u);
  EXPECT_EQ(stat_field("", 5), 0u);
  EXPECT_EQ(stat_field("1 (x) S 1 -4\n", 5), 0u);  // not an unsigned number
}

void write_stat(const std::filesystem::path& root, uint32_t pid, uint32_t pgrp) {
  std::filesystem::create_directories(root / std::to_string(pid));
  std::ofstream(root / std::to_string(pid) / "stat") << pid << " (sh) S 1 " << pgrp << " " << pgrp << " 0\n";
}

TEST(ProcessGroupMembers, TheWholePipelineAndOnlyIt) {
  auto root = std::filesystem::temp_directory_path() / ("kotel-procstat-" + std::to_string(getpid()));
  std::filesystem::remove_all(root);
  write_stat(root, 100, 100);  // the shell's job leader: kotel tail logs
  write_stat(root, 101, 100);  // | grep
  write_stat(root, 102, 100);  // | cat
  write_stat(root, 200, 200);  // someone else
  std::filesystem::create_directories(root / "self");
  std::filesystem::create_directories(root / "300");  // gone mid-scan: no stat
  auto got = process_group_members(101, root.c_str());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<uint32_t>{100, 101, 102}));
  EXPECT_EQ(process_group_members(999, root.c_str()), std::vector<uint32_t>{999});  // unreadable: itself
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace kotel::discovery
