#!/usr/bin/env python3
"""Soak: the agent under mixed traffic for a long time, sampled every 10 s.

Traffic, all on loopback: a keep-alive client (one connection, a request
every ~10 ms) and a churn of short-lived processes (`curl`, N per second, each a
new process and a new connection) against a Python server; an OTLP/HTTP
collector that discards what it gets and is restarted every 5 minutes (down
10 s each time). Every 10 s prints the agent's RSS, CPU, spans made, what was
dropped and why, the export queue, metric series. At the end: requests the
server answered vs the server spans kotel made plus every counted loss
("nothing lost without a counter"), and RSS peak against the 64 MiB target.

usage: bench/soak.py KOTEL_BINARY [minutes=30] [churn_per_s=50]   (root)
       SOAK_ONLY=keepalive|churner|restarts (comma-separated) runs only those;
       the agent's last /metrics is left in /tmp/kotel-soak-metrics.txt
"""
import http.client
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Counting(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    served = 0
    lock = threading.Lock()

    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with Counting.lock:
            Counting.served += 1

    def log_message(self, *args):
        pass


class Discard(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def serve(handler, port):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def scrape(port):
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    except Exception:
        return ""


def total(text, name, **labels):
    s = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            s += float(line.rsplit(" ", 1)[1])
    return s


def proc_stats(pid):
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


def main():
    kotel = sys.argv[1]
    minutes = float(sys.argv[2]) if len(sys.argv) > 2 else 30
    churn = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    app_port, collector_port, metrics_port = free_port(), free_port(), free_port()
    serve(Counting, app_port)
    collector = [serve(Discard, collector_port)]
    env = dict(os.environ, OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{collector_port}",
               OTEL_EXPORTER_OTLP_PROTOCOL="http/protobuf", OTEL_METRICS_EXPORTER="otlp",
               OTEL_METRIC_EXPORT_INTERVAL="10000", OTEL_BSP_SCHEDULE_DELAY="1000")
    agent = subprocess.Popen([kotel, "agent", "--print", "none", "--admin-socket", "off", "--port", str(app_port),
                              "--metrics-address", f"127.0.0.1:{metrics_port}", "--metrics-stale-after-s", "60"],
                             env=env, stdout=subprocess.DEVNULL, stderr=open("/tmp/kotel-soak-agent.log", "w"))
    deadline = time.time() + 30
    while not scrape(metrics_port) and time.time() < deadline:
        time.sleep(0.2)
    stop = threading.Event()
    sent = {"keepalive": 0, "churn": 0}

    def keepalive():
        conn = http.client.HTTPConnection("127.0.0.1", app_port, timeout=5)
        while not stop.is_set():
            try:
                conn.request("GET", "/ka")
                conn.getresponse().read()
                sent["keepalive"] += 1
            except Exception:
                conn = http.client.HTTPConnection("127.0.0.1", app_port, timeout=5)
            time.sleep(0.01)

    def churner():
        while not stop.is_set():
            t0 = time.time()
            procs = [subprocess.Popen(["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{app_port}/churn"])
                     for _ in range(churn)]
            for p in procs:
                p.wait()
            sent["churn"] += churn
            time.sleep(max(0.0, 1.0 - (time.time() - t0)))

    def restarts():
        while not stop.wait(300):
            collector[0].shutdown()
            collector[0].server_close()
            if stop.wait(10):
                return
            collector[0] = serve(Discard, collector_port)

    only = os.environ.get("SOAK_ONLY")  # e.g. "churner": one kind of traffic, to tell where a loss comes from
    for f in [f for f in (keepalive, churner, restarts) if not only or f.__name__ in only.split(",")]:
        threading.Thread(target=f, daemon=True).start()
    start = time.time()
    print(f"soak: {minutes:g} min, churn {churn} processes/s, collector restarted every 5 min (down 10 s)")
    print(f"{'t(s)':>5} {'RSS MiB':>8} {'CPU %':>6} {'spans':>8} {'exp drop':>8} {'bpf drop':>8} "
          f"{'queue':>6} {'q MiB':>6} {'series':>6} {'exp fail':>8}")
    peak_rss, last_cpu, last_t = 0, None, None
    while time.time() - start < minutes * 60:
        time.sleep(10)
        m = scrape(metrics_port)
        rss, cpu = proc_stats(agent.pid)
        now = time.time()
        cpu_pct = 100 * (cpu - last_cpu) / (now - last_t) if last_cpu is not None else 0
        last_cpu, last_t = cpu, now
        peak_rss = max(peak_rss, rss)
        print(f"{now - start:5.0f} {rss / 2**20:8.1f} {cpu_pct:6.1f} {total(m, 'kotel_spans_total'):8.0f} "
              f"{total(m, 'kotel_export_dropped_total'):8.0f} {total(m, 'kotel_bpf_events_dropped_total'):8.0f} "
              f"{total(m, 'kotel_export_queue_items', signal='traces'):6.0f} "
              f"{total(m, 'kotel_export_queue_bytes', signal='traces') / 2**20:6.1f} "
              f"{total(m, 'kotel_metric_series'):6.0f} {total(m, 'kotel_export_failures_total'):8.0f}", flush=True)
    stop.set()
    time.sleep(3)  # the last requests' spans end
    m = scrape(metrics_port)
    with open("/tmp/kotel-soak-metrics.txt", "w") as f:  # every counter at the end, to look for a loss by name
        f.write(urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics").read().decode())
    served = Counting.served
    server_spans = total(m, "kotel_spans_total", kind="server")
    lost = (total(m, "kotel_bpf_events_dropped_total") + total(m, "kotel_http_spans_lost_total") +
            total(m, "kotel_transport_lost_total") + total(m, "kotel_connection_gaps_total"))
    agent.send_signal(signal.SIGTERM)
    agent.wait(timeout=30)
    print(f"soak: requests answered {served} (keep-alive {sent['keepalive']}, churn {sent['churn']}); "
          f"server spans {server_spans:.0f}; counted losses {lost:.0f}; "
          f"export dropped {total(m, 'kotel_export_dropped_total'):.0f} by reason, "
          f"failed export calls {total(m, 'kotel_export_failures_total'):.0f}")
    unaccounted = served - server_spans - lost
    print(f"soak: unaccounted requests (answered, no server span, no counted loss): {max(0, unaccounted):.0f}")
    print(f"soak: RSS peak {peak_rss / 2**20:.1f} MiB (target <= 64 MiB): {'ok' if peak_rss <= 64 * 2**20 else 'OVER'}")


if __name__ == "__main__":
    main()
