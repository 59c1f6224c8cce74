#!/usr/bin/env python3
"""Checks the parents of one front's CLIENT spans in a --spans-file (OTLP/JSON
lines): each request /call/<id> the front served and its call /leaf/<id> are
paired by <id>, so a CLIENT span's parent is right only when it is the SERVER
span of the same id. Prints the figures; exit 1 when a condition fails (the
caller retries until every span arrived, then reports the last reason).

usage: parents_check.py <spans.jsonl> <front service> <requests> [--thread-rule-off VALUE]
"""
import json
import sys


def spans_of(path, service):
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        for rs in json.loads(line).get("resourceSpans", []):
            attrs = {a["key"]: a["value"] for a in rs.get("resource", {}).get("attributes", [])}
            if attrs.get("service.name", {}).get("stringValue") != service:
                continue
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    a = {x["key"]: next(iter(x["value"].values()), None) for x in s.get("attributes", [])}
                    kind = str(s.get("kind"))
                    out.append({"kind": "server" if kind in ("2", "SPAN_KIND_SERVER") else "client",
                                "span": s.get("spanId", ""), "parent": s.get("parentSpanId", ""), "attrs": a})
    return out


def main():
    path, service, requests = sys.argv[1], sys.argv[2], int(sys.argv[3])
    want_off = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--thread-rule-off" else None
    spans = spans_of(path, service)
    servers = {s["attrs"].get("url.path", "")[len("/call/"):]: s for s in spans
               if s["kind"] == "server" and s["attrs"].get("url.path", "").startswith("/call/")}
    clients = [s for s in spans if s["kind"] == "client" and s["attrs"].get("url.path", "").startswith("/leaf/")]
    linked = wrong = thread = off = 0
    for c in clients:
        rid = c["attrs"]["url.path"][len("/leaf/"):]
        source = c["attrs"].get("kotel.parent.source")
        thread += source == "thread"
        off += want_off is not None and c["attrs"].get("kotel.parent.thread_rule_off") == want_off
        if c["parent"]:
            linked += 1
            server = servers.get(rid)
            wrong += server is None or server["span"] != c["parent"]
    print(f"{service}: {len(servers)} server spans, {len(clients)} client spans: {linked} linked, "
          f"{len(clients) - linked} unlinked, {wrong} wrong, {thread} thread parents"
          + (f", {off} with thread_rule_off={want_off}" if want_off else ""))
    ok = len(servers) >= requests and len(clients) >= requests and wrong == 0
    if want_off is not None:
        ok = ok and thread == 0 and off == len(clients)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
