#!/usr/bin/env python3
"""Checks the parents of one front's CLIENT spans in a --spans-file (OTLP/JSON
lines): each request /call/<id> the front served and its call /leaf/<id> are
paired by <id>, so a CLIENT span's parent is right only when it is the SERVER
span of the same id. Prints the figures; exit 1 when a condition fails (the
caller retries until every span arrived, then reports the last reason).

With --thread-rule-off VALUE: no CLIENT span has a thread parent and every
one says why (a Go front: go_runtime). With --timer TICKS: the front also
called /tick/<n> TICKS times outside any request, and none of those calls
has a parent.

usage: parents_check.py <spans.jsonl> <front service> <requests> [--thread-rule-off VALUE] [--timer TICKS]
"""
import argparse
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
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("service")
    ap.add_argument("requests", type=int)
    ap.add_argument("--thread-rule-off")
    ap.add_argument("--timer", type=int)
    args = ap.parse_args()
    service, requests, want_off = args.service, args.requests, args.thread_rule_off
    spans = spans_of(args.path, service)
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
    if args.timer is not None:
        ticks = [s for s in spans if s["kind"] == "client" and s["attrs"].get("url.path", "").startswith("/tick/")]
        ticks_linked = sum(1 for s in ticks if s["parent"])
        ticks_marked = sum(1 for s in ticks if s["attrs"].get("kotel.parent.thread_rule_off") == "multiplexing_thread")
        print(f"timer: {len(ticks)} calls seen ({args.timer} made by the end of the load): {ticks_linked} linked to a request, "
              f"{ticks_marked} with thread_rule_off=multiplexing_thread")
        # The last tick may still be on its way when the front was asked.
        ok = ok and len(ticks) >= args.timer - 1 and ticks_linked == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
