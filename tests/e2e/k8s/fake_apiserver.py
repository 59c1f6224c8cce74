#!/usr/bin/env python3
"""A local stand-in for the Kubernetes API server, for the e2e tests: HTTPS with
a test CA, the service-account token checked, and the pods of one node served
from the recorded list and watch events (tests/data/kubernetes) in the API
server's real shapes. The test steers the watch through files in --control:
  add   -> the watch sends the ADDED event of the late pod
  gone  -> the watch sends ERROR 410 (Gone): the agent must list again
Every request is logged to stdout as one JSON line (path, auth ok, status)."""
import argparse
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = None
lists = 0
lock = threading.Lock()


def recorded(name):
    with open(os.path.join(args.data, name)) as f:
        text = f.read()
    for key, value in (("@NODE@", args.node), ("@APP_CONTAINER_ID@", args.app_container),
                       ("@LATE_CONTAINER_ID@", args.late_container)):
        text = text.replace(key, value)
    return text


def watch_event(kind):
    for line in recorded("watch_events.jsonl").splitlines():
        if json.loads(line)["type"] == kind:
            return line
    raise KeyError(kind)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def log(self, **fields):
        print(json.dumps(fields), flush=True)

    def send_json(self, code, body):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def chunk(self, line):
        data = (line + "\n").encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def do_GET(self):
        global lists
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        auth_ok = self.headers.get("Authorization") == "Bearer " + args.token
        self.log(path=url.path, query=q, auth_ok=auth_ok)
        if not auth_ok:
            return self.send_json(401, json.dumps({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                                   "message": "Unauthorized", "reason": "Unauthorized", "code": 401}))
        if url.path != "/api/v1/pods" or q.get("fieldSelector") != ["spec.nodeName=" + args.node]:
            return self.send_json(400, json.dumps({"kind": "Status", "code": 400, "message": "unexpected request"}))
        if "watch" not in q:
            with lock:
                lists += 1
            return self.send_json(200, recorded("pod_list.json"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.chunk(watch_event("BOOKMARK"))
        sent_add = False
        deadline = time.time() + int(q.get("timeoutSeconds", ["60"])[0])
        try:
            while time.time() < deadline:
                if not sent_add and os.path.exists(os.path.join(args.control, "add")):
                    self.chunk(watch_event("ADDED"))
                    sent_add = True
                gone = os.path.join(args.control, "gone")
                if os.path.exists(gone):
                    os.unlink(gone)
                    self.chunk(watch_event("ERROR"))
                    break
                time.sleep(0.05)
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    global args
    p = argparse.ArgumentParser()
    for name in ("port", "cert", "key", "token", "node", "data", "control", "app-container", "late-container"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", int(args.port)), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    print(json.dumps({"listening": int(args.port)}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
