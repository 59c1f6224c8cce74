#include "discovery/service_identity.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

extern char** environ;

namespace kotel::discovery {
namespace {

using namespace std::string_literals;
using Attrs = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kBoot = "4d71af25-e838-4de1-840a-dc8d109ea205";

bool is_uuid_v5(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  }
  return s[14] == '5' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

TEST(EnvironValue, FindsTheFirstExactName) {
  std::string blob = "PATH=/bin\0OTEL_SERVICE_NAMES=no\0OTEL_SERVICE_NAME=cart\0OTEL_SERVICE_NAME=second\0EMPTY=\0"s;
  EXPECT_EQ(environ_value(blob, "PATH"), "/bin");
  EXPECT_EQ(environ_value(blob, "OTEL_SERVICE_NAME"), "cart");
  EXPECT_EQ(environ_value(blob, "EMPTY"), "");
  EXPECT_EQ(environ_value(blob, "OTEL"), std::nullopt);
  EXPECT_EQ(environ_value(blob, "MISSING"), std::nullopt);
  EXPECT_EQ(environ_value("", "PATH"), std::nullopt);
  EXPECT_EQ(environ_value("A=1\0B=2"s, "B"), "2");  // last entry without its NUL
  EXPECT_EQ(environ_value("\0\0A=x=y\0"s, "A"), "x=y");
}

TEST(ResourceAttributes, DecodesAndSkipsInvalidMembers) {
  const std::vector<std::pair<std::string_view, Attrs>> cases = {
      {"", {}},
      {"a=1", {{"a", "1"}}},
      {"service.name=cart,service.namespace=shop", {{"service.name", "cart"}, {"service.namespace", "shop"}}},
      {" a = 1 ,\tb=2\t", {{"a", "1"}, {"b", "2"}}},
      {"k=hello%20world%2C%3Dx", {{"k", "hello world,=x"}}},
      {"my%2Ckey=v", {{"my,key", "v"}}},
      {"k=caf%C3%A9", {{"k", "caf\xc3\xa9"}}},
      {"k=a+b", {{"k", "a+b"}}},  // not form encoding
      {"empty=", {{"empty", ""}}},
      {"x=1=2", {{"x", "1=2"}}},
      // invalid members are skipped, the rest kept
      {"noequals,a=1", {{"a", "1"}}},
      {"=novalue,a=1", {{"a", "1"}}},
      {"a=%zz,b=2", {{"b", "2"}}},
      {"a=%4,b=2", {{"b", "2"}}},
      {"a=100%,b=2", {{"b", "2"}}},
      {",,a=1,,", {{"a", "1"}}},
      // a repeated key keeps its first place and its last value
      {"a=1,b=2,a=3", {{"a", "3"}, {"b", "2"}}},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(parse_resource_attributes(in), want) << in;
}

TEST(ResourceAttributes, Bounded) {
  std::string many;
  for (int i = 0; i < 200; ++i) many += "k" + std::to_string(i) + "=v,";
  EXPECT_EQ(parse_resource_attributes(many).size(), kMaxResourceAttributes);

  std::string big = "big=" + std::string(kMaxResourceAttributeBytes, 'x') + ",small=1";
  EXPECT_EQ(parse_resource_attributes(big), (Attrs{{"small", "1"}}));
}

TEST(StatStartTime, Field22) {
  EXPECT_EQ(parse_stat_start_time("12266 (head) R 12223 12223 10199 0 -1 4194304 97 0 0 0 0 0 0 0 20 0 1 0 863565 "
                                  "2998272 395 18446744073709551615\n"),
            863565u);
  // comm may hold spaces and parentheses
  EXPECT_EQ(parse_stat_start_time("7 (a) b (c) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42 1 2\n"), 42u);
  EXPECT_EQ(parse_stat_start_time(""), 0u);
  EXPECT_EQ(parse_stat_start_time("1 (x) S 1 2 3"), 0u);
  EXPECT_EQ(parse_stat_start_time("1 (x) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4x2 1"), 0u);
}

TEST(UuidV5, MatchesKnownVectors) {
  // RFC 4122 DNS namespace, values from Python's uuid.uuid5.
  constexpr std::array<uint8_t, 16> kDns = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                            0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  EXPECT_EQ(uuid_v5(kDns, "www.opentofu.org"), "df1e675d-b743-5f6c-9952-6311d0f141df");
  EXPECT_EQ(uuid_v5(kDns, ""), "4ebd0208-8328-5d69-8c44-ec50939c0967");
  EXPECT_EQ(uuid_v5(kServiceInstanceNamespace, std::string(200, 'x')), "6ee913e8-79f5-5d01-bdb9-cfcdb05862ba");
}

TEST(IdentifyService, NamePrecedence) {
  struct Case {
    std::string environ;
    std::string_view exe, comm;
    std::string_view name, source;
  };
  const std::vector<Case> cases = {
      {"OTEL_SERVICE_NAME=cart\0OTEL_RESOURCE_ATTRIBUTES=service.name=ignored\0"s, "/usr/bin/python3", "python3",
       "cart", "env:OTEL_SERVICE_NAME"},
      {"OTEL_RESOURCE_ATTRIBUTES=service.name=check%20out\0"s, "/usr/bin/python3", "python3", "check out",
       "env:OTEL_RESOURCE_ATTRIBUTES"},
      {"OTEL_SERVICE_NAME=\0OTEL_RESOURCE_ATTRIBUTES=service.name=fromattrs\0"s, "/x/y", "y", "fromattrs",
       "env:OTEL_RESOURCE_ATTRIBUTES"},  // empty means unset
      {"OTEL_RESOURCE_ATTRIBUTES=service.name=\0"s, "/opt/app/server", "server", "server", "executable"},
      {"PATH=/bin\0"s, "/opt/app/server (deleted)", "srv", "server", "executable"},
      {"", "", "kworker/0:1\n", "kworker/0:1", "executable"},
      {"", "", "", "unknown_service", "executable"},
  };
  for (const auto& c : cases) {
    ServiceIdentity id = identify_service(c.environ, c.exe, c.comm, kBoot, 1000, 42);
    EXPECT_EQ(id.service_name, c.name) << c.exe;
    EXPECT_EQ(std::string_view(id.name_source), c.source) << c.exe;
  }
}

TEST(IdentifyService, Fields) {
  std::string env = "HOME=/root\0OTEL_RESOURCE_ATTRIBUTES=service.namespace=shop,deployment.environment=prod,bad\0"s;
  ServiceIdentity id = identify_service(env, "/srv/bin/cart (deleted)", "cart\n", kBoot, 863565, 4242);
  EXPECT_EQ(id.pid, 4242u);
  EXPECT_EQ(id.service_name, "cart");
  EXPECT_EQ(id.service_namespace, "shop");
  EXPECT_EQ(id.executable_name, "cart");
  EXPECT_EQ(id.executable_path, "/srv/bin/cart");
  EXPECT_EQ(id.resource_attributes, (Attrs{{"service.namespace", "shop"}, {"deployment.environment", "prod"}}));
  EXPECT_TRUE(is_uuid_v5(id.instance_id)) << id.instance_id;
  EXPECT_EQ(id.instance_id, uuid_v5(kServiceInstanceNamespace, std::string(kBoot) + ":4242:863565"));
}

TEST(IdentifyService, InstanceIdStableAndUniquePerProcessLifetime) {
  auto iid = [](std::string_view boot, uint64_t start, uint32_t pid) {
    return identify_service("", "/bin/x", "x", boot, start, pid).instance_id;
  };
  EXPECT_EQ(iid(kBoot, 100, 7), iid(kBoot, 100, 7));  // same process, e.g. after an agent restart
  EXPECT_EQ(iid(kBoot, 100, 7), identify_service("OTEL_SERVICE_NAME=a\0"s, "/bin/y", "y", kBoot, 100, 7).instance_id);
  std::set<std::string> seen;
  for (uint32_t pid : {7u, 8u, 70u})
    for (uint64_t start : {100u, 101u, 1000u})
      for (std::string_view boot : {kBoot, std::string_view("0b9f0f63-5e40-4bd4-9f54-7d2b8c1e2a11")})
        EXPECT_TRUE(seen.insert(iid(boot, start, pid)).second) << pid << " " << start << " " << boot;
  for (const auto& s : seen) EXPECT_TRUE(is_uuid_v5(s)) << s;
  EXPECT_NE(iid(kBoot, 0, 71), iid(kBoot, 10, 7));  // fields are separated
}

TEST(IdentifyService, ExplicitInstanceIdWins) {
  ServiceIdentity id =
      identify_service("OTEL_RESOURCE_ATTRIBUTES=service.instance.id=pod-1%2Fworker-2\0"s, "/bin/x", "x", kBoot, 1, 1);
  EXPECT_EQ(id.instance_id, "pod-1/worker-2");
}

TEST(IdentifyService, LongNameCutOnUtf8Boundary) {
  std::string name(kMaxServiceNameBytes - 1, 'a');
  name += "\xc3\xa9\xc3\xa9";  // 'é' straddles the limit
  ServiceIdentity id = identify_service("OTEL_SERVICE_NAME=" + name + '\0', "", "", kBoot, 1, 1);
  EXPECT_EQ(id.service_name, std::string(kMaxServiceNameBytes - 1, 'a'));
}

TEST(ServiceCatalog, GoneProcessUsesTheCommHint) {
  ServiceCatalog catalog;
  const ServiceIdentity& id = catalog.lookup(0xfffffff0u, "ghost");
  EXPECT_EQ(id.service_name, "ghost");
  EXPECT_EQ(id.pid, 0xfffffff0u);
  EXPECT_TRUE(is_uuid_v5(id.instance_id));
  EXPECT_EQ(catalog.size(), 1u);
  catalog.forget(0xfffffff0u);
  EXPECT_EQ(catalog.size(), 0u);
}

TEST(ServiceCatalog, EvictsTheLeastRecentlyUsed) {
  ServiceCatalog catalog(2);
  catalog.lookup(0xfffffff1u, "one");
  catalog.lookup(0xfffffff2u, "two");
  catalog.lookup(0xfffffff1u);  // touch "one"
  catalog.lookup(0xfffffff3u, "three");
  EXPECT_EQ(catalog.size(), 2u);
  EXPECT_EQ(catalog.lookup(0xfffffff1u, "other").service_name, "one");        // still cached
  EXPECT_EQ(catalog.lookup(0xfffffff2u, "re-read").service_name, "re-read");  // was evicted
}

TEST(ServiceCatalog, ReadsARealProcessEnvironment) {
  // setenv() would not show in /proc/self/environ: spawn a process with the variable.
  const char* argv[] = {"/usr/bin/env",
                        "OTEL_SERVICE_NAME=fuzzy-cat",
                        "OTEL_RESOURCE_ATTRIBUTES=service.namespace=pets,team=a%20b",
                        "sleep",
                        "5",
                        nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, const_cast<char**>(argv), environ), 0);
  // env execs sleep: wait (with a deadline) until the process is sleep and its
  // new environment is in place (exec switches /proc/<pid>/exe before it
  // builds the new stack, so for a moment environ reads empty).
  std::string exe;
  auto environ_ready = [&] {
    std::ifstream in("/proc/" + std::to_string(pid) + "/environ");
    std::string blob((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return blob.find("OTEL_SERVICE_NAME=") != std::string::npos;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    std::array<char, 4096> buf;
    ssize_t n = readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), buf.data(), buf.size());
    exe.assign(buf.data(), n > 0 ? static_cast<size_t>(n) : 0);
    if (exe.ends_with("/sleep") && environ_ready()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ServiceCatalog catalog;
  catalog.remember(static_cast<uint32_t>(pid));
  ServiceIdentity id = catalog.lookup(static_cast<uint32_t>(pid));
  ServiceCatalog restarted;  // a new catalog, as after an agent restart
  std::string id_after_restart = restarted.lookup(static_cast<uint32_t>(pid)).instance_id;
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);

  ASSERT_TRUE(exe.ends_with("/sleep")) << exe;
  EXPECT_EQ(id.service_name, "fuzzy-cat");
  EXPECT_EQ(std::string_view(id.name_source), "env:OTEL_SERVICE_NAME");
  EXPECT_EQ(id.service_namespace, "pets");
  EXPECT_EQ(id.resource_attributes, (Attrs{{"service.namespace", "pets"}, {"team", "a b"}}));
  EXPECT_EQ(id.executable_name, "sleep");
  EXPECT_EQ(id.executable_path, exe);
  EXPECT_EQ(id.pid, static_cast<uint32_t>(pid));
  EXPECT_TRUE(is_uuid_v5(id.instance_id)) << id.instance_id;
  EXPECT_EQ(id_after_restart, id.instance_id);

  // Our own process: another instance id, named after the test binary.
  ServiceCatalog again;
  const ServiceIdentity& self = again.lookup(static_cast<uint32_t>(getpid()));
  EXPECT_NE(self.instance_id, id.instance_id);
  std::string own_exe = std::filesystem::read_symlink("/proc/self/exe").string();
  EXPECT_EQ(self.executable_path, own_exe);
  EXPECT_EQ(self.executable_name, own_exe.substr(own_exe.rfind('/') + 1));
  EXPECT_EQ(again.lookup(static_cast<uint32_t>(getpid())).instance_id, self.instance_id);
}

}  // namespace
}  // namespace kotel::discovery
