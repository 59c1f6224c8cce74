#include "cli/top_screen.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/admin_client.h"
#include "cli/admin_render.h"

namespace kotel::cli {
namespace {

// Raw keys (no echo, no line buffering) while alive, when stdin is a terminal.
class RawTerminal {
 public:
  RawTerminal() {
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
  }
  ~RawTerminal() {
    if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }

 private:
  termios saved_{};
  bool active_ = false;
};

int report_top_failure(const grpc::Status& st, const std::string& path) {
  SocketProblem p = st.ok() ? SocketProblem{kExitNoAgent, "the agent ended the stream (stopped?)"} : call_failed(st, path);
  std::fprintf(stderr, "kotel: %s\n", p.message.c_str());
  return p.exit_code;
}

}  // namespace

std::string top_sort_for_key(char key) {
  switch (key) {
    case 'n': return "service";
    case 'r': return "rps";
    case 'e': return "errors";
    case '5': return "p50";
    case '9': return "p99";
    case 'i': return "in";
    case 'o': return "out";
    default: return "";
  }
}

int run_top(const InspectOptions& opts) {
  auto stub = admin_stub(opts.socket);
  grpc::ClientContext ctx;
  v1::TopRequest req;
  req.set_interval_ms(opts.interval_ms);
  auto stream = stub->Top(&ctx, req);
  if (opts.once) {
    v1::TopFrame f;
    if (!stream->Read(&f)) return report_top_failure(stream->Finish(), opts.socket);
    sort_top(f, opts.sort);
    std::cout << (opts.output == "json" ? to_json(f).dump(2) + "\n" : render_top(f, opts.sort));
    ctx.TryCancel();
    stream->Finish();
    return 0;
  }
  std::mutex mu;
  v1::TopFrame latest;
  bool fresh = false, ended = false;
  std::thread reader([&] {
    v1::TopFrame f;
    while (stream->Read(&f)) {
      std::lock_guard lock(mu);
      latest = f;
      fresh = true;
    }
    std::lock_guard lock(mu);
    ended = true;
  });
  RawTerminal raw;
  std::string sort = opts.sort;
  bool quit = false;
  bool redraw = true;
  std::cout << "\x1b[2J\x1b[H" << "kotel top: waiting for the first frame (q quits)" << std::flush;
  while (!quit) {
    pollfd in{STDIN_FILENO, POLLIN, 0};
    if (poll(&in, 1, 100) > 0) {
      char c = 0;
      if (read(STDIN_FILENO, &c, 1) <= 0 || c == 'q' || c == 'Q') quit = true;
      std::string key = top_sort_for_key(c);
      if (!key.empty()) sort = key, redraw = true;
    }
    v1::TopFrame frame;
    {
      std::lock_guard lock(mu);
      if (ended) break;
      if (!fresh && !redraw) continue;
      if (latest.window_ms() == 0) continue;  // nothing yet
      frame = latest;
      fresh = redraw = false;
    }
    sort_top(frame, sort);
    std::cout << "\x1b[H\x1b[2J" << "kotel top (q quits; sort: n r e 5 9 i o)\n\n" << render_top(frame, sort)
              << std::flush;
  }
  ctx.TryCancel();
  reader.join();
  grpc::Status st = stream->Finish();
  std::cout << "\n";
  if (!quit) return report_top_failure(st, opts.socket);
  return 0;
}

}  // namespace kotel::cli
