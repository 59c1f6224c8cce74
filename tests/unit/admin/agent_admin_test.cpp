// The agent's admin side of `kotel tail logs`: on-demand capture that follows
// the tails, and the tail clients' own output kept out of the tails.
#include "admin/agent_admin.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace kotel::admin {
namespace {

logs::LogRecord record(uint32_t pid, int severity, std::string body) {
  logs::LogRecord r;
  r.pid = pid;
  r.observed_unix_ns = 1'700'000'000'000'000'000;
  r.severity.number = severity;
  r.severity.text = severity >= 17 ? "ERROR" : "INFO";
  r.body = std::move(body);
  r.source = logs::LogSource::kStderr;
  auto res = std::make_shared<model::Resource>();
  res->service_name = "shop";
  res->pid = pid;
  r.resource = res;
  return r;
}

// An agent with on-demand capture whose hooks are a counter.
struct OnDemand {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kotel-logtail-" + std::to_string(getpid()));
  pipeline::EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0), {}};
  std::vector<bool> calls;
  std::string fail_with;
  std::unique_ptr<AgentAdmin> admin;
  OnDemand() {
    std::filesystem::remove_all(dir);
    AdminSources s;
    s.pipe = &pipe;
    s.log_capture = "on demand";
    s.set_log_capture = [this](bool on) -> core::Result<void> {
      calls.push_back(on);
      if (on && !fail_with.empty()) return core::Error{fail_with};
      return {};
    };
    admin = std::make_unique<AgentAdmin>((dir / "admin.sock").string(), std::move(s));
  }
  ~OnDemand() {
    admin.reset();
    std::filesystem::remove_all(dir);
  }
};

TEST(OnDemandLogCapture, AttachesWhileSomeoneTailsAndDetachesAfter) {
  OnDemand a;
  a.admin->serve();
  EXPECT_TRUE(a.calls.empty());  // nobody tails: nothing attached
  EXPECT_FALSE(a.admin->log_capture_state().live);
  auto first = a.admin->logs().subscribe({});
  auto second = a.admin->logs().subscribe({});
  a.admin->serve();
  a.admin->serve();
  EXPECT_EQ(a.calls, std::vector<bool>{true});  // once, however many tails
  EXPECT_TRUE(a.admin->log_capture_state().live);
  a.admin->logs().unsubscribe(first);
  a.admin->serve();
  EXPECT_EQ(a.calls.size(), 1u);  // one tail is still there
  a.admin->logs().unsubscribe(second);
  a.admin->serve();
  EXPECT_EQ(a.calls, (std::vector<bool>{true, false}));
  EXPECT_FALSE(a.admin->log_capture_state().live);
}

TEST(OnDemandLogCapture, AFailureIsReportedAndRetriedOnlyByTheNextTail) {
  OnDemand a;
  a.fail_with = "uprobe attach failed: Permission denied";
  auto tail = a.admin->logs().subscribe({});
  a.admin->serve();
  a.admin->serve();
  EXPECT_EQ(a.calls, std::vector<bool>{true});  // no retry on every loop
  EXPECT_FALSE(a.admin->log_capture_state().live);
  EXPECT_EQ(a.admin->log_capture_state().error, a.fail_with);
  a.admin->logs().unsubscribe(tail);
  a.admin->serve();
  a.fail_with.clear();
  tail = a.admin->logs().subscribe({});
  a.admin->serve();
  EXPECT_EQ(a.calls, (std::vector<bool>{true, true}));
  EXPECT_TRUE(a.admin->log_capture_state().live);
  EXPECT_EQ(a.admin->log_capture_state().error, "");
}

TEST(TailLogs, RecordsCarryWhatAFilterNeedsAndHiddenPidsNeverArrive) {
  OnDemand a;
  auto tail = a.admin->logs().subscribe({});
  logs::LogRecord r = record(41, 17, "payment failed");
  r.trace_id.fill(0xab);
  r.span_id.fill(0xcd);
  a.admin->on_log(r);
  a.admin->hide_from_tails({42, 43}, true);
  a.admin->hide_from_tails({42}, true);  // a second tail from the same group
  a.admin->on_log(record(42, 9, "the tail's own line"));
  a.admin->hide_from_tails({42, 43}, false);
  a.admin->on_log(record(42, 9, "still hidden: one tail left"));
  a.admin->on_log(record(43, 9, "shown again"));
  a.admin->hide_from_tails({42}, false);
  a.admin->on_log(record(42, 9, "shown too"));
  auto got = tail->take(std::chrono::milliseconds(0));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].pid, 41u);
  EXPECT_EQ(got[0].service, "shop");
  EXPECT_EQ(got[0].source, "stderr");
  EXPECT_EQ(got[0].severity_number, 17);
  EXPECT_EQ(got[0].body, "payment failed");
  std::string ab, cd;
  for (int i = 0; i < 16; ++i) ab += "ab";
  for (int i = 0; i < 8; ++i) cd += "cd";
  EXPECT_EQ(got[0].trace_id, ab);
  EXPECT_EQ(got[0].span_id, cd);
  EXPECT_NE(got[0].line.find("payment failed"), std::string::npos) << got[0].line;
  EXPECT_EQ(got[1].body, "shown again");
  EXPECT_EQ(got[2].body, "shown too");
}

}  // namespace
}  // namespace kotel::admin
