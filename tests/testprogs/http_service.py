#!/usr/bin/env python3
"""A small HTTP/1.1 service for kotel's end-to-end tests: no tracing library,
no header forwarding — exactly the application kotel must trace from outside.

  GET /call/<rest>  calls <downstream>/leaf/<rest> while serving, then answers 200
  GET /fail/...     answers 500
  anything else     answers 200 "ok"
"""
import argparse
import http.client
import http.server
import sys
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--nodelay", action="store_true",
                    help="TCP_NODELAY on accepted sockets: no 40 ms Nagle wait between header and body writes")
    ap.add_argument("--downstream", default="", help="base URL called by /call/...")
    args = ap.parse_args()
    down = urllib.parse.urlsplit(args.downstream) if args.downstream else None

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive
        disable_nagle_algorithm = args.nodelay

        def log_message(self, fmt, *a):
            pass

        def reply(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path.startswith("/call/") and down:
                conn = http.client.HTTPConnection(down.hostname, down.port, timeout=10)
                conn.request("GET", "/leaf/" + self.path[len("/call/"):])
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                self.reply(200, b"called: " + data)
            elif self.path.startswith("/fail/"):
                self.reply(500, b"failed")
            else:
                self.reply(200, b"ok")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("listening", args.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
