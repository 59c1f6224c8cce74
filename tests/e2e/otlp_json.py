"""The spans of an OTLP/JSON lines file (what `kotel agent --spans-file` writes),
read for the e2e checks: (service.name, span) pairs and a span's attributes."""
import json


def spans(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        for rs in json.loads(line).get("resourceSpans", []):
            svc = next((a["value"].get("stringValue") for a in rs["resource"]["attributes"]
                        if a["key"] == "service.name"), "?")
            for ss in rs.get("scopeSpans", []):
                out += [(svc, s) for s in ss.get("spans", [])]
    return out


def attrs(span):
    return {a["key"]: next(iter(a["value"].values())) for a in span.get("attributes", [])}
