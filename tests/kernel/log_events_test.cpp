// Writes to stdout/stderr from the syscalls:sys_enter/exit_write(v)
// tracepoints: each arrives once, whole or cut and flagged, only from watched
// processes; what a short write did not write, and a failed write, are not
// captured (the retry is).

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "event_queries.h"
#include "traced_session.h"

namespace kotel::testing {
namespace {

// A child whose stdout and stderr go to a pipe, held until `go` is written.
struct Child {
  pid_t pid = -1;
  int go = -1;      // write a byte: the child writes its lines and exits
  int output = -1;  // what it wrote, drained by the parent
};

Child start_writer() {
  int go[2], out[2];
  if (pipe(go) != 0 || pipe(out) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(go[1]);
    close(out[0]);
    dup2(out[1], 1);
    dup2(out[1], 2);
    char c;
    if (read(go[0], &c, 1) != 1) _exit(1);
    const char line[] = "kotel kernel test: one line\n";
    if (write(1, line, sizeof(line) - 1) < 0) _exit(2);
    char a[] = "part one, ", b[] = "part two\n";
    iovec iov[2] = {{a, sizeof(a) - 1}, {b, sizeof(b) - 1}};
    if (writev(2, iov, 2) < 0) _exit(3);
    std::string big(3000, 'x');
    big += '\n';
    if (write(1, big.data(), big.size()) < 0) _exit(4);
    _exit(0);
  }
  close(go[0]);
  close(out[1]);
  return {pid, go[1], out[0]};
}

TEST(LogEvents, WritesOfAWatchedChildArriveOnceEach) {
  Child child = start_writer();
  ASSERT_GT(child.pid, 0);
  auto opts = TracedSession::this_process_only();
  opts.pids = {static_cast<uint32_t>(child.pid)};  // the child only: this test's own output is not wanted
  opts.logs = true;
  opts.log_payload_bytes = 2048;
  auto session = open_session_or_fail(opts);
  if (!session) {
    kill(child.pid, SIGKILL);
    waitpid(child.pid, nullptr, 0);
    return;
  }
  ASSERT_EQ(write(child.go, "g", 1), 1);
  std::string output;
  char buf[4096];
  ssize_t n;
  while ((n = read(child.output, buf, sizeof(buf))) > 0) output.append(buf, static_cast<size_t>(n));
  int status = 0;
  ASSERT_EQ(waitpid(child.pid, &status, 0), child.pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  ASSERT_EQ(output.size(), 28u + 19u + 3001u) << "the application's own output is untouched";

  auto upid = static_cast<uint32_t>(child.pid);
  auto writes_of_child = [&] {
    std::vector<ingest::LogWrite> out;
    for (const auto& w : session->all<ingest::LogWrite>())
      if (w.pid == upid) out.push_back(w);
    return out;
  };
  ASSERT_TRUE(session->wait_for([&](auto&) {
    for (const auto& e : session->all<ingest::ProcExit>())
      if (e.pid == upid) return true;  // the exit comes after every write
    return false;
  })) << "the child's exit never arrived";

  auto writes = writes_of_child();
  ASSERT_EQ(writes.size(), 3u);
  EXPECT_EQ(writes[0].fd, 1);
  EXPECT_EQ(writes[0].payload, "kotel kernel test: one line\n");
  EXPECT_FALSE(writes[0].truncated);
  EXPECT_EQ(writes[0].tid, upid);
  EXPECT_EQ(writes[1].fd, 2);
  EXPECT_EQ(writes[1].payload, "part one, part two\n");
  EXPECT_EQ(writes[1].bytes, 19u);
  EXPECT_EQ(writes[2].fd, 1);
  EXPECT_EQ(writes[2].bytes, 3001u);
  EXPECT_EQ(writes[2].payload, std::string(2048, 'x'));
  EXPECT_TRUE(writes[2].truncated);
  for (const auto& w : session->all<ingest::LogWrite>()) EXPECT_EQ(w.pid, upid) << "only the watched pid";

  auto k = session->probes().read_counters();
  EXPECT_GE(k.at(probes::KernelCounter::kLogWrites), 3u);
  EXPECT_GE(k.at(probes::KernelCounter::kLogTruncated), 1u);
  close(child.go);
  close(child.output);
}

// A child writing to a full non-blocking pipe the way Node writes its
// stdout: EAGAIN (nothing written), then a short write (one pipe page of a
// longer line), then the rest of that line.
TEST(LogEvents, AShortOrFailedWriteIsCapturedForWhatItWrote) {
  int go[2], out[2];
  ASSERT_EQ(pipe(go), 0);
  ASSERT_EQ(pipe(out), 0);
  constexpr int kPage = 4096;
  ASSERT_EQ(fcntl(out[1], F_SETPIPE_SZ, 2 * kPage), 2 * kPage);  // two page slots
  const std::string line = std::string(kPage, 'x') + "retried line\n";
  pid_t pid = fork();
  if (pid == 0) {
    close(go[1]);
    close(out[0]);
    dup2(out[1], 1);
    fcntl(1, F_SETFL, O_NONBLOCK);
    char c;
    if (read(go[0], &c, 1) != 1) _exit(1);
    std::string fill(2 * kPage, 'f');  // both slots full: the next write gets EAGAIN
    if (write(1, fill.data(), fill.size()) != 2 * kPage) _exit(2);
    if (write(1, line.data(), line.size()) != -1 || errno != EAGAIN) _exit(3);
    if (read(go[0], &c, 1) != 1) _exit(4);  // the parent freed one slot
    if (write(1, line.data(), line.size()) != kPage) _exit(5);
    if (read(go[0], &c, 1) != 1) _exit(6);  // drained
    if (write(1, line.data() + kPage, line.size() - kPage) != static_cast<ssize_t>(line.size() - kPage)) _exit(7);
    _exit(0);
  }
  ASSERT_GT(pid, 0);
  close(go[0]);
  close(out[1]);
  auto opts = TracedSession::this_process_only();
  opts.pids = {static_cast<uint32_t>(pid)};
  opts.logs = true;
  opts.log_payload_bytes = 2048;
  auto session = open_session_or_fail(opts);
  if (!session) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return;
  }
  auto upid = static_cast<uint32_t>(pid);
  auto writes_of_child = [&] {
    std::vector<ingest::LogWrite> got;
    for (const auto& w : session->all<ingest::LogWrite>())
      if (w.pid == upid) got.push_back(w);
    return got;
  };
  auto failed = [&] { return session->probes().read_counters().at(probes::KernelCounter::kLogWriteFailed); };
  uint64_t failed_before = failed();
  ASSERT_EQ(write(go[1], "g", 1), 1);
  ASSERT_TRUE(session->wait_for([&](auto&) { return failed() > failed_before && !writes_of_child().empty(); }))
      << "the EAGAIN was not counted";
  std::string buf(2 * kPage, '\0');
  ASSERT_EQ(read(out[0], buf.data(), kPage), kPage);
  ASSERT_EQ(write(go[1], "g", 1), 1);
  ASSERT_TRUE(session->wait_for([&](auto&) { return writes_of_child().size() >= 2; })) << "no short write";
  ASSERT_EQ(read(out[0], buf.data(), buf.size()), 2 * kPage);
  ASSERT_EQ(write(go[1], "g", 1), 1);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  ASSERT_TRUE(session->wait_for([&](auto&) {
    for (const auto& e : session->all<ingest::ProcExit>())
      if (e.pid == upid) return true;
    return false;
  }));
  auto writes = writes_of_child();
  ASSERT_EQ(writes.size(), 3u) << "the EAGAIN write is not captured, the line is captured once";
  EXPECT_EQ(writes[0].bytes, 2u * kPage);
  EXPECT_EQ(writes[0].payload, std::string(2048, 'f'));
  EXPECT_EQ(writes[1].bytes, static_cast<uint64_t>(kPage)) << "what the short write wrote, not what it asked";
  EXPECT_EQ(writes[1].payload, std::string(2048, 'x'));
  EXPECT_TRUE(writes[1].truncated);
  EXPECT_EQ(writes[2].bytes, 13u);
  EXPECT_EQ(writes[2].payload, "retried line\n");
  EXPECT_FALSE(writes[2].truncated);
  EXPECT_EQ(failed() - failed_before, 1u);
  close(go[1]);
  close(out[0]);
}

TEST(LogEvents, OffMeansTheHooksAreNotAttached) {
  auto opts = TracedSession::this_process_only();
  opts.logs = false;
  auto session = open_session_or_fail(opts);
  if (!session) return;
  bool seen = false;
  for (const auto& h : session->probes().attach_report()) {
    if (h.program != "kotel_wr_enter" && h.program != "kotel_wrv_enter") continue;
    seen = true;
    EXPECT_EQ(h.state, probes::HookState::kDisabled) << h.hook;
  }
  EXPECT_TRUE(seen);
  ASSERT_EQ(write(1, "", 0), 0);
  EXPECT_TRUE(session->all<ingest::LogWrite>().empty());
}

}  // namespace
}  // namespace kotel::testing
