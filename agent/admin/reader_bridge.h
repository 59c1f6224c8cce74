#pragma once
// The reader thread owns the pipeline. Admin requests that need its state do
// not read it from their own thread: they hand a task to the reader thread,
// which runs it between two polls, and wait for it with a deadline.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace kotel::admin {

class ReaderBridge {
 public:
  // Any thread: runs `task` on the reader thread. False when the reader did
  // not take it before `timeout` (it is then never run).
  bool run(std::function<void()> task, std::chrono::milliseconds timeout);
  // Reader thread: runs the tasks waiting.
  void serve();

 private:
  struct Job {
    std::function<void()> task;
    bool taken = false;
    bool done = false;
  };
  std::mutex mu_;
  std::condition_variable done_cv_;
  std::deque<std::shared_ptr<Job>> queue_;
};

}  // namespace kotel::admin
