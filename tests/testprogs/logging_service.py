#!/usr/bin/env python3
"""A small HTTP/1.1 service that logs the way Python programs do, for kotel's
logs e2e test: no tracing library, no OpenTelemetry — kotel must read its
stderr from the kernel and tie each line to the request being served.

  GET /error/...  logs "failed <path>" at ERROR, answers 500
  anything else   logs "served <path>" at INFO, answers 200
Python logging's default layout on stderr: "INFO:root:served /ok/1".
"""
import argparse
import http.server
import logging
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)  # stderr, "%(levelname)s:%(name)s:%(message)s"

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass  # only the application's own lines below

        def do_GET(self):
            # Logged while serving, before the response: the thread is inside this request.
            if self.path.startswith("/error/"):
                logging.error("failed %s", self.path)
                status, body = 500, b"failed"
            else:
                logging.info("served %s", self.path)
                status, body = 200, b"ok"
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("listening", args.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
