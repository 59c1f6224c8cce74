#!/usr/bin/env python3
"""Checks `kotel agent --print logs` output (and the SERVER spans of
--spans-file) for tests/e2e/logs_test.sh. Exit 0 when the scenario holds,
else 1 with the reason on stdout.

  logs_check.py LOGS SPANS request SERVICE PATH SEVERITY   one record with "<path>" in its body, of that
                                                            severity, linked to the SERVER span of PATH
  logs_check.py LOGS SPANS exit PID SIGNAL                  one exit record of PID naming SIGNAL
  logs_check.py LOGS SPANS refused PORT                     a refused-connect record naming 127.0.0.1:PORT
  logs_check.py LOGS SPANS line PID TEXT                    one stdout/stderr record of PID with TEXT
  logs_check.py LOGS SPANS oom PID                          one OOM-kill record of PID (error.type=oom_kill)
"""
import json
import re
import sys

LINE = re.compile(r'^\S+ LOG (?P<sev>\S+)\s+(?P<svc>.+?)\[(?P<pid>\d+)\] (?P<where>\S+) (?P<rest>.*)$')
TRACE = re.compile(r' trace=(?P<trace>[0-9a-f]{32}) span=(?P<span>[0-9a-f]{16})')


def records(path):
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if not m:
                continue
            r = m.groupdict()
            t = TRACE.search(r["rest"])
            r["trace"], r["span"] = (t["trace"], t["span"]) if t else (None, None)
            out.append(r)
    return out


def server_spans(path):
    spans = {}
    try:
        with open(path) as f:
            for line in f:
                req = json.loads(line)
                for rs in req.get("resourceSpans", []):
                    for ss in rs.get("scopeSpans", []):
                        for s in ss.get("spans", []):
                            if s.get("kind") != 2:
                                continue
                            attrs = {a["key"]: a["value"].get("stringValue") for a in s.get("attributes", [])}
                            spans.setdefault(attrs.get("url.path"), []).append((s["traceId"], s["spanId"]))
    except FileNotFoundError:
        pass
    return spans


def main():
    logs, spans_path, scenario, *args = sys.argv[1:]
    recs = records(logs)
    if scenario == "request":
        service, path, severity = args
        mine = [r for r in recs if r["svc"] == service and r["where"] in ("stdout", "stderr")
                and re.search(re.escape(path) + r'(?![\w/])', r["rest"])]
        if len(mine) != 1:
            return f"{len(mine)} records for {path} (want exactly 1)"
        r = mine[0]
        if r["sev"] != severity:
            return f"{path}: severity {r['sev']}, want {severity}"
        spans = server_spans(spans_path).get(path, [])
        if len(spans) != 1:
            return f"{path}: {len(spans)} SERVER spans in the spans file (want 1)"
        if (r["trace"], r["span"]) != spans[0]:
            return f"{path}: record has trace={r['trace']} span={r['span']}, its SERVER span is {spans[0]}"
        return None
    if scenario == "exit":
        pid, signal = args
        mine = [r for r in recs if r["pid"] == pid and r["where"] == "kotel.process.exit"]
        if len(mine) != 1:
            return f"{len(mine)} exit records for pid {pid}"
        if signal not in mine[0]["rest"]:
            return f"exit record of {pid} does not name {signal}: {mine[0]['rest']}"
        return None
    if scenario == "refused":
        (port,) = args
        mine = [r for r in recs if r["where"] == "kotel.tcp.connect_failed" and f"127.0.0.1:{port} refused" in r["rest"]]
        if not mine:
            return f"no refused-connect record for 127.0.0.1:{port}"
        if "error.type=connection_refused" not in mine[0]["rest"]:
            return f"refused record without error.type: {mine[0]['rest']}"
        return None
    if scenario == "line":
        pid, text = args
        mine = [r for r in recs if r["pid"] == pid and r["where"] in ("stdout", "stderr") and text in r["rest"]]
        return None if len(mine) == 1 else f"{len(mine)} records of pid {pid} with {text!r}"
    if scenario == "oom":
        (pid,) = args
        mine = [r for r in recs if r["pid"] == pid and r["where"] == "kotel.process.oom_kill"]
        if len(mine) != 1:
            return f"{len(mine)} OOM-kill records for pid {pid}"
        if "error.type=oom_kill" not in mine[0]["rest"]:
            return f"OOM-kill record without error.type: {mine[0]['rest']}"
        return None
    return f"unknown scenario {scenario}"


if __name__ == "__main__":
    problem = main()
    if problem:
        print(problem)
        sys.exit(1)
    print("ok")
