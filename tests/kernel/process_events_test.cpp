// Process lifecycle from the sched tracepoints: fork, exec, exit with code or signal.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "event_queries.h"
#include "traced_session.h"

namespace kotel::testing {
namespace {

TEST(ProcessEvents, ForkExecExitAndKill) {
  auto session = open_session_or_fail(TracedSession::this_process_only());
  if (!session) return;

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    execl("/bin/sh", "sh", "-c", "exit 3", static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_EQ(WEXITSTATUS(status), 3);

  pid_t victim = fork();
  ASSERT_GE(victim, 0);
  if (victim == 0) {
    pause();
    _exit(0);
  }
  kill(victim, SIGKILL);
  ASSERT_EQ(waitpid(victim, &status, 0), victim);

  auto upid = [](pid_t p) { return static_cast<uint32_t>(p); };
  ASSERT_TRUE(session->wait_for([&](auto&) {
    bool fork_seen = false, exec_seen = false, exit_seen = false, kill_seen = false;
    for (const auto& f : session->all<ingest::ProcFork>())
      fork_seen |= f.child_pid == upid(child) && f.parent_pid == self_pid();
    for (const auto& e : session->all<ingest::ProcExec>()) exec_seen |= e.pid == upid(child);
    for (const auto& e : session->all<ingest::ProcExit>()) {
      exit_seen |= e.pid == upid(child);
      kill_seen |= e.pid == upid(victim);
    }
    return fork_seen && exec_seen && exit_seen && kill_seen;
  })) << "fork, exec and both exits were expected";

  for (const auto& e : session->all<ingest::ProcExec>()) {
    if (e.pid != upid(child)) continue;
    EXPECT_EQ(e.filename, "/bin/sh");
    EXPECT_EQ(e.comm, "sh");
    EXPECT_EQ(e.ppid, self_pid());
  }
  for (const auto& e : session->all<ingest::ProcExit>()) {
    if (e.pid == upid(child)) {
      EXPECT_EQ((e.exit_code >> 8) & 0xff, 3) << "exit status in wait format";
    }
    if (e.pid == upid(victim)) {
      EXPECT_EQ(e.exit_code & 0x7f, SIGKILL);
    }
  }
}

TEST(ProcessEvents, ThreadsAreForksWithinTheSameProcess) {
  auto session = open_session_or_fail(TracedSession::this_process_only());
  if (!session) return;
  uint32_t tid = 0;
  std::thread t([&] { tid = static_cast<uint32_t>(gettid()); });
  t.join();
  ASSERT_TRUE(session->wait_for([&](auto&) {
    for (const auto& f : session->all<ingest::ProcFork>())
      if (f.child_tid == tid && f.child_pid == self_pid()) return true;
    return false;
  }));
}

}  // namespace
}  // namespace kotel::testing
