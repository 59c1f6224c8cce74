#!/usr/bin/env python3
"""A threaded HTTP/1.1 service that calls Redis while serving (redis-py, no
tracing library): for kotel's Redis e2e test.

  GET /redis/<n>  a pipeline of 100 SETs (values "value-<n>-<i>"), a GET, and an
                  INCR of a non-integer (an error reply), then answers 200
usage: redis_front.py --port P --redis-port R
"""
import argparse
import http.server
import sys

import redis


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--redis-port", type=int, required=True)
    args = ap.parse_args()
    pool = redis.ConnectionPool(host="127.0.0.1", port=args.redis_port)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, fmt, *a):
            pass

        def do_GET(self):
            n = self.path.rsplit("/", 1)[-1]
            r = redis.Redis(connection_pool=pool)
            p = r.pipeline(transaction=False)
            for i in range(100):
                p.set(f"key-{n}-{i}", f"value-{n}-{i}")
            p.execute()
            r.get(f"key-{n}-0")
            try:
                r.incr(f"key-{n}-1")  # "value-...": ERR value is not an integer
            except redis.ResponseError:
                pass
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("listening", args.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
