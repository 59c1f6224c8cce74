#!/usr/bin/env python3
"""Reads `kotel agent --print spans` output and checks one scenario of
http_spans_test.sh. Exit 0 when it holds; otherwise prints why (the caller
retries until the agent has printed everything, then reports the last reason).

usage: spans_check.py <spans.out> <scenario> [args...]
"""
import shlex
import sys


def parse(path):
    spans = []
    for line in open(path, encoding="utf-8", errors="replace"):
        if " SPAN " not in line:
            continue
        t = shlex.split(line.strip())
        # time SPAN KIND service[pid] name status [ERROR] dur trace= span= parent= (source) attrs...
        s = {"kind": t[2], "service": t[3].split("[")[0], "pid": t[3].split("[")[1].rstrip("]"), "name": t[4]}
        rest = t[5:]
        s["status"] = rest.pop(0)
        s["error"] = rest[0] == "ERROR"
        if s["error"]:
            rest.pop(0)
        s["duration"] = rest.pop(0)
        attrs = {}
        for tok in rest:
            if "=" in tok:
                k, v = tok.split("=", 1)
                attrs[k] = v
        s.update(trace=attrs.pop("trace"), span=attrs.pop("span"), parent=attrs.pop("parent"))
        s["attrs"] = attrs
        spans.append(s)
    return spans


def need(cond, why):
    if not cond:
        print(why)
        sys.exit(1)


def one(spans, why, **match):
    found = [s for s in spans if all(
        (s["attrs"].get(k[2:].replace("__", ".")) if k.startswith("a_") else s.get(k)) == v for k, v in match.items())]
    need(len(found) == 1, f"{why}: expected one span matching {match}, found {len(found)}")
    return found[0]


def chain(spans, path):
    curl = one(spans, "curl's client span", kind="CLIENT", service="curl", a_url__path=f"/call/{path}")
    a_srv = one(spans, "service A's server span", kind="SERVER", service="svc-a", a_url__path=f"/call/{path}")
    a_cli = one(spans, "service A's client span", kind="CLIENT", service="svc-a", a_url__path=f"/leaf/{path}")
    b_srv = one(spans, "service B's server span", kind="SERVER", service="svc-b", a_url__path=f"/leaf/{path}")
    return curl, a_srv, a_cli, b_srv


def scenario_chain(spans, path):
    curl, a_srv, a_cli, b_srv = chain(spans, path)
    trace = curl["trace"]
    for s in (a_srv, a_cli, b_srv):
        need(s["trace"] == trace, f"{s['service']} {s['kind']} is in trace {s['trace']}, not curl's {trace}")
    need(curl["parent"] == "-", f"curl's span should be a root, has parent {curl['parent']}")
    need(a_srv["parent"] == curl["span"] and a_srv["attrs"]["kotel.parent.source"] == "tuple",
         f"A's server span: parent {a_srv['parent']} ({a_srv['attrs']['kotel.parent.source']}), want curl's {curl['span']} (tuple)")
    need(a_cli["parent"] == a_srv["span"] and a_cli["attrs"]["kotel.parent.source"] == "thread",
         f"A's client span: parent {a_cli['parent']} ({a_cli['attrs']['kotel.parent.source']}), want A's server {a_srv['span']} (thread)")
    need(b_srv["parent"] == a_cli["span"] and b_srv["attrs"]["kotel.parent.source"] == "tuple",
         f"B's server span: parent {b_srv['parent']} ({b_srv['attrs']['kotel.parent.source']}), want A's client {a_cli['span']} (tuple)")
    for s in (curl, a_srv, a_cli, b_srv):
        need(s["attrs"].get("baggage.user") == "ann", f"{s['service']} {s['kind']} lacks baggage.user=ann: {s['attrs']}")
    need(a_srv["name"] == "GET /call/{token}" or a_srv["name"].startswith("GET /call/"), f"A's span name {a_srv['name']}")
    need(a_srv["attrs"].get("http.request.method") == "GET", "method")
    need(a_srv["attrs"].get("http.response.status_code") == "200", "status code")
    need(a_srv["attrs"].get("url.scheme") == "http", "url.scheme")
    need(a_srv["attrs"].get("client.address") == "127.0.0.1", "client.address")
    need(a_srv["attrs"].get("network.protocol.version") == "1.1", "network.protocol.version")
    need(curl["attrs"].get("user_agent.original", "").startswith("curl/"), "user_agent.original on curl's span")
    need(a_cli["attrs"].get("url.full", "").endswith(f"/leaf/{path}"), f"url.full of A's client span: {a_cli['attrs']}")


def scenario_external(spans, path, trace, parent):
    curl, a_srv, a_cli, b_srv = chain(spans, path)
    for s in (curl, a_srv, a_cli, b_srv):
        need(s["trace"] == trace, f"{s['service']} {s['kind']} in trace {s['trace']}, not the caller's {trace}")
    need(curl["parent"] == parent and curl["attrs"]["kotel.parent.source"] == "header",
         f"curl's span: parent {curl['parent']}, want the traceparent's {parent} (header)")
    need(a_srv["parent"] == curl["span"], f"A's server span parent {a_srv['parent']}, want curl's {curl['span']}")
    need(a_srv["attrs"].get("kotel.context.format") == "traceparent", "A's server span saw the traceparent")


def scenario_keepalive(spans, count):
    count = int(count)
    srv = [s for s in spans if s["kind"] == "SERVER" and s["service"] == "svc-b" and s["attrs"].get("url.path", "").startswith("/ka/")]
    cli = [s for s in spans if s["kind"] == "CLIENT" and s["service"] == "curl" and s["attrs"].get("url.path", "").startswith("/ka/")]
    need(len(srv) == count, f"{len(srv)} server spans for /ka/*, want {count}")
    need(len(cli) == count, f"{len(cli)} client spans for /ka/*, want {count}")
    peers = {s["attrs"]["network.peer.port"] for s in srv}
    need(len(peers) == 1, f"requests came over {len(peers)} connections, want one keep-alive connection")
    need(sorted(s["attrs"]["url.path"] for s in srv) == sorted(f"/ka/{i}" for i in range(count)), "paths of the keep-alive requests")
    by_span = {s["span"]: s for s in cli}
    for s in srv:
        parent = by_span.get(s["parent"])
        need(parent is not None and parent["attrs"]["url.path"] == s["attrs"]["url.path"],
             f"server span {s['attrs']['url.path']} is not the child of curl's span for the same path")


def scenario_proxy(spans, path):
    curl = one(spans, "curl's client span", kind="CLIENT", service="curl", a_url__path=f"/px/{path}")
    ng_srv = one(spans, "nginx's server span", kind="SERVER", service="nginx", a_url__path=f"/px/{path}")
    ng_cli = one(spans, "nginx's client span", kind="CLIENT", service="nginx", a_url__path=f"/px/{path}")
    b_srv = one(spans, "service B's server span", kind="SERVER", service="svc-b", a_url__path=f"/px/{path}")
    for s in (ng_srv, ng_cli, b_srv):
        need(s["trace"] == curl["trace"], f"{s['service']} {s['kind']} not in curl's trace")
    need(ng_srv["parent"] == curl["span"], "nginx's server span is not curl's child")
    need(ng_cli["parent"] == ng_srv["span"], "nginx's client span is not the child of its server span")
    need(b_srv["parent"] == ng_cli["span"], "B's server span is not nginx's client span's child")


def scenario_error(spans, path):
    s = one(spans, "server span of the failing request", kind="SERVER", service="svc-b", a_url__path=f"/fail/{path}")
    need(s["error"] and s["attrs"].get("error.type") == "500", f"500 should be an ERROR with error.type=500: {s}")
    c = one(spans, "client span of the failing request", kind="CLIENT", service="curl", a_url__path=f"/fail/{path}")
    need(c["error"], "the client span of a 500 is an error too")


if __name__ == "__main__":
    spans = parse(sys.argv[1])
    globals()["scenario_" + sys.argv[2]](spans, *sys.argv[3:])
