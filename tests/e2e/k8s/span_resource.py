#!/usr/bin/env python3
"""Prints, as JSON, the resource attributes of the last SERVER span on a URL
path in an OTLP/JSON lines file (kotel --spans-file); exit 1 if there is none.
usage: span_resource.py FILE URL_PATH"""
import json
import sys

path, url_path = sys.argv[1], sys.argv[2]
found = None
try:
    lines = open(path).read().splitlines()
except FileNotFoundError:
    lines = []
for line in lines:
    try:
        req = json.loads(line)
    except ValueError:
        continue  # a line being written
    for rs in req.get("resourceSpans", []):
        res = {a["key"]: next(iter(a["value"].values())) for a in rs.get("resource", {}).get("attributes", [])}
        for ss in rs.get("scopeSpans", []):
            for span in ss.get("spans", []):
                attrs = {a["key"]: next(iter(a["value"].values())) for a in span.get("attributes", [])}
                if span.get("kind") in (2, "SPAN_KIND_SERVER") and attrs.get("url.path") == url_path:
                    found = res
if found is None:
    sys.exit(1)
print(json.dumps(found, sort_keys=True))
