#!/usr/bin/env python3
"""An HTTPS test server: http.server wrapped in ssl (the stdlib, so libssl via
_ssl). GET /...?size=N answers N bytes; POST answers the body length it read.
usage: https_service.py PORT CERT_DIR (cert.pem, key.pem)"""
import http.server, ssl, sys
port = int(sys.argv[1]); d = sys.argv[2]
class H(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        body = b"x" * int(self.path.split("size=")[1]) if "size=" in self.path else b"hello tls\n"
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0)); data = self.rfile.read(n)
        body = str(len(data)).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(d + "/cert.pem", d + "/key.pem")
s = http.server.ThreadingHTTPServer(("127.0.0.1", port), H)
s.socket = ctx.wrap_socket(s.socket, server_side=True)
s.serve_forever()
