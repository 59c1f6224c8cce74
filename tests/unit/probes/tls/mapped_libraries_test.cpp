#include "probes/tls/mapped_libraries.h"

#include <gtest/gtest.h>

namespace kotel::probes::tls {
namespace {

constexpr const char* kMaps =
    "55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1311 /usr/bin/python3.11\n"
    "7f1c2a000000-7f1c2a05e000 r--p 00000000 08:01 4242 /usr/lib/x86_64-linux-gnu/libssl.so.3\n"
    "7f1c2a05e000-7f1c2a0bc000 r-xp 0005e000 08:01 4242 /usr/lib/x86_64-linux-gnu/libssl.so.3\n"
    "7f1c2b000000-7f1c2b100000 r-xp 00000000 08:01 4300 /usr/lib/x86_64-linux-gnu/libcrypto.so.3\n"
    "7f1c2c000000-7f1c2c100000 r-xp 00000000 fd:02 77 /opt/app/lib/libssl.so.1.1\n"
    "7f1c2d000000-7f1c2d100000 r-xp 00000000 08:01 99 /tmp/libssl.so.3 (deleted)\n"
    "7f1c2e000000-7f1c2e021000 rw-p 00000000 00:00 0 \n"
    "7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0                          [stack]\n";

TEST(MappedLibraries, FindsEachLibsslFileOnceByDeviceAndInode) {
  auto libs = libssl_in_maps(kMaps);
  ASSERT_EQ(libs.size(), 2u);
  EXPECT_EQ(libs[0].path, "/usr/lib/x86_64-linux-gnu/libssl.so.3");
  EXPECT_EQ(libs[0].id, (FileId{0x08u << 8 | 0x01u, 4242}));
  EXPECT_EQ(libs[1].path, "/opt/app/lib/libssl.so.1.1");
  EXPECT_EQ(libs[1].id, (FileId{0xfdu << 8 | 0x02u, 77}));
}

TEST(MappedLibraries, IgnoresDeletedAnonymousAndTruncatedLines) {
  EXPECT_TRUE(libssl_in_maps("7f1c2d000000-7f1c2d100000 r-xp 00000000 08:01 99 /tmp/libssl.so.3 (deleted)\n").empty());
  EXPECT_TRUE(libssl_in_maps("7f1c2e000000-7f1c2e021000 rw-p 00000000 00:00 0 \n").empty());
  EXPECT_TRUE(libssl_in_maps("7f1c2e000000-7f1c2e021000 r-xp").empty());
  EXPECT_TRUE(libssl_in_maps("").empty());
}

TEST(MappedLibraries, GoneProcessHasNone) {
  EXPECT_TRUE(libssl_of_process(0xFFFFFFF0u).empty());  // no such process
}

}  // namespace
}  // namespace kotel::probes::tls
