// The cgroup filter: only processes in the chosen cgroup v2 are traced. A child
// moved into a fresh cgroup talks to its parent; only the child's end is seen.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "discovery/cgroup.h"
#include "event_queries.h"
#include "loopback.h"
#include "traced_session.h"

namespace kotel::testing {
namespace {

TEST(Filters, CgroupIncludeTracesOnlyThatCgroup) {
  const std::string root = discovery::cgroup2_mount();
  ASSERT_FALSE(root.empty()) << "no cgroup v2 hierarchy mounted";
  const std::string name = "/kotel-test-" + std::to_string(getpid());
  const std::string dir = root + name;
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << "cannot create " << dir;
  auto id = discovery::cgroup_id_of(name);
  ASSERT_TRUE(id.ok()) << id.error();

  auto opts = TracedSession::this_process_only();
  opts.pids.clear();  // the child is another process
  opts.cgroup_ids = {id.value()};
  auto session = open_session_or_fail(opts);
  if (!session) {
    rmdir(dir.c_str());
    return;
  }
  Listener l = listen_loopback();
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    char b;
    close(go[1]);
    if (read(go[0], &b, 1) != 1) _exit(2);  // wait until moved into the cgroup
    Fd c = connect_loopback(l);
    write_all(c.get(), "from-cgroup");
    char ack[3];
    _exit(read(c.get(), ack, 3) == 3 ? 0 : 3);
  }
  close(go[0]);
  {
    std::ofstream procs(dir + "/cgroup.procs");
    procs << child << std::flush;
    ASSERT_TRUE(procs.good()) << "cannot move the child into " << dir;
  }
  ASSERT_EQ(write(go[1], "g", 1), 1);
  close(go[1]);
  Fd s = accept_one(l);
  EXPECT_EQ(read_exactly(s.get(), 11), "from-cgroup");
  write_all(s.get(), "ack");  // the parent's end: outside the cgroup
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_EQ(WEXITSTATUS(status), 0);

  auto upid = static_cast<uint32_t>(child);
  EXPECT_TRUE(session->wait_for([&](auto& evs) {
    for (const auto& e : evs)
      if (auto* d = std::get_if<ingest::Data>(&e); d && d->key.pid == upid && d->payload == "from-cgroup") return true;
    return false;
  })) << "the child's write was expected";
  session->drain();
  for (const auto& e : session->events()) {
    if (auto* d = std::get_if<ingest::Data>(&e)) {
      EXPECT_EQ(d->key.pid, upid) << "only the process in the cgroup is traced";
    }
  }
  EXPECT_EQ(rmdir(dir.c_str()), 0);
}

}  // namespace
}  // namespace kotel::testing
