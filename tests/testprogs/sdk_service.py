#!/usr/bin/env python3
"""An HTTP/1.1 service that behaves on the wire as one instrumented with an
OpenTelemetry SDK does (no SDK package is installed: only what kotel can see
matters): for kotel's tests of --sdk-processes.

  GET /call/<rest>  calls <downstream>/leaf/<rest> with a traceparent that
                    continues the request's trace under a span id of its own
                    (the SDK's client span), then answers 200
  anything else     answers 200 "ok"
  --otlp URL        after each request, POSTs an (empty) OTLP/HTTP export to URL
"""
import argparse
import http.client
import http.server
import os
import sys
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--downstream", default="", help="base URL called by /call/...")
    ap.add_argument("--otlp", default="", help="OTLP/HTTP traces URL posted to after each request")
    args = ap.parse_args()
    down = urllib.parse.urlsplit(args.downstream) if args.downstream else None
    otlp = urllib.parse.urlsplit(args.otlp) if args.otlp else None

    def post(url, body, content_type):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("POST", url.path, body=body, headers={"Content-Type": content_type})
        conn.getresponse().read()
        conn.close()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, fmt, *a):
            pass

        def reply(self, status, body):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            parts = (self.headers.get("traceparent") or "").split("-")
            trace = parts[1] if len(parts) == 4 else os.urandom(16).hex()
            if self.path.startswith("/call/") and down:
                own_span = os.urandom(8).hex()  # the SDK's client span: neither the caller's id nor kotel's
                conn = http.client.HTTPConnection(down.hostname, down.port, timeout=10)
                conn.request("GET", "/leaf/" + self.path[len("/call/"):],
                             headers={"traceparent": f"00-{trace}-{own_span}-01"})
                conn.getresponse().read()
                conn.close()
            self.reply(200, b"ok")
            if otlp:
                post(otlp, b"", "application/x-protobuf")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("listening", args.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
