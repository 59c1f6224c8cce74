#!/usr/bin/env python3
"""The code's floors: every #include between folders points down, never up
or sideways, so there is no include cycle; the kernel ABI header and the BPF
skeleton are included by ingest and probes alone. Prints each violation with
the file and line, exits 1 if there is one.

usage: layers.py <source root>"""
import pathlib
import re
import sys

# Lowest first. A folder may include its own headers and any folder on a
# lower floor. Where a new folder goes: below everything it reads, above
# everything that reads it.
FLOORS = [
    ["core", "model"],
    ["config", "ingest", "discovery", "protocols/common", "exporters/common"],
    ["kubernetes", "probes", "protocols/context", "protocols/http1", "protocols/redis"],
    ["protocols"],            # detection over every protocol
    ["connections"],
    ["spans", "logs"],
    ["metrics"],
    ["pipeline"],
    ["exporters/console", "exporters/otlp", "exporters/prometheus"],
    ["admin"],
    ["runtime"],
    ["cli"],
    ["main"],
]
FLOOR = {folder: i for i, floors in enumerate(FLOORS) for folder in floors}
ABI_OWNERS = {"ingest", "probes"}  # kotel/events.h and kotel.skel.h


def folder_of_file(rel: pathlib.PurePosixPath) -> str:
    p = rel.parts
    if p[0] == "exporters":
        return "exporters/" + p[1]
    if len(p) == 2:
        return "main"
    if p[1] == "protocols":
        return "protocols/" + p[2] if len(p) > 3 else "protocols"
    return p[1]


def folder_of_include(inc: str):
    parts = inc.split("/")
    if parts[0] == "exporters":
        return "exporters/" + parts[1]
    if parts[0] == "protocols":
        return "protocols/" + parts[1] if len(parts) > 2 else "protocols"
    if len(parts) == 1:
        return None  # generated (version.h, *.pb.h, the skeleton) or a sibling
    return parts[0]


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    problems = []
    unknown = set()
    for base in ("agent", "exporters"):
        for path in sorted((root / base).rglob("*")):
            if path.suffix not in (".h", ".cpp"):
                continue
            rel = pathlib.PurePosixPath(path.relative_to(root).as_posix())
            src = folder_of_file(rel)
            if src not in FLOOR:
                unknown.add(src)
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                m = re.match(r'\s*#include "([^"]+)"', line)
                if not m:
                    continue
                inc = m.group(1)
                if inc in ("kotel/events.h", "kotel.skel.h"):
                    if src not in ABI_OWNERS:
                        problems.append(f"{rel}:{n}: {src}/ includes {inc}: only ingest/ and probes/ may "
                                        "(decode kernel values into ingest's types instead)")
                    continue
                dst = folder_of_include(inc)
                if dst is None or dst == src or dst.startswith("opentelemetry") or dst.startswith("kotel"):
                    continue
                if dst not in FLOOR:
                    unknown.add(dst)
                    continue
                if FLOOR[dst] >= FLOOR[src]:
                    how = "sideways" if FLOOR[dst] == FLOOR[src] else "up"
                    problems.append(f"{rel}:{n}: {src}/ (floor {FLOOR[src]}) includes {inc} ({dst}/, floor "
                                    f"{FLOOR[dst]}): {how}")
    for u in sorted(unknown):
        problems.append(f"folder {u}/ is on no floor: add it to FLOORS in tests/lint/layers.py")
    for p in problems:
        print(p)
    print(f"layers: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
