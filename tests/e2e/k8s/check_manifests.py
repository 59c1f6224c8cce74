#!/usr/bin/env python3
"""Least-privilege checks on rendered kotel manifests (beyond schema validity).

usage: check_manifests.py RENDERED.yaml CAPS CONFIG_OUT
  CAPS: the capabilities the DaemonSet must add, comma-separated (the unit's set)
  CONFIG_OUT: where to write the ConfigMap's kotel.yaml, for the agent to parse
Prints the first violated rule and exits 1, else prints a summary.
"""
import sys

import yaml


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def main():
    path, caps, config_out = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
    objs = [o for o in yaml.safe_load_all(open(path)) if o]
    by_kind = {}
    for o in objs:
        by_kind.setdefault(o["kind"], []).append(o)
    ds = by_kind.get("DaemonSet", [None])[0] or fail("no DaemonSet")
    pod = ds["spec"]["template"]["spec"]
    pod.get("hostPID") is True or fail("DaemonSet without hostPID")
    pod.get("hostNetwork") and fail("DaemonSet uses hostNetwork")
    pod.get("tolerations") or fail("no tolerations: kotel would skip tainted nodes")
    (c,) = pod["containers"]
    sc = c["securityContext"]
    sc.get("privileged", False) and fail("privileged container")
    sc.get("allowPrivilegeEscalation") is False or fail("allowPrivilegeEscalation is not false")
    sc.get("readOnlyRootFilesystem") is True or fail("root filesystem is writable")
    sc["capabilities"].get("drop") == ["ALL"] or fail("capabilities are not dropped first")
    sorted(sc["capabilities"].get("add", [])) == sorted(caps) or \
        fail(f"capabilities {sc['capabilities'].get('add')} differ from the systemd unit's {caps}")
    host_paths = {v["hostPath"]["path"] for v in pod["volumes"] if "hostPath" in v}
    need = {"/sys/kernel/btf", "/sys/kernel/tracing", "/sys/fs/cgroup"}
    need <= host_paths or fail(f"host mounts {sorted(host_paths)} lack {sorted(need - host_paths)}")
    mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
    all(mounts[p].get("readOnly") for p in need) or fail("a host mount is writable")
    c["livenessProbe"]["httpGet"]["path"] == "/healthz" or fail("liveness is not /healthz")
    c["readinessProbe"]["httpGet"]["path"] == "/readyz" or fail("readiness is not /readyz")
    {"requests", "limits"} <= set(c.get("resources", {})) or fail("no resource requests and limits")
    ann = ds["spec"]["template"]["metadata"].get("annotations", {})
    ann.get("prometheus.io/scrape") == "true" or fail("no Prometheus scrape annotation")
    for role in by_kind.get("ClusterRole", []):
        for rule in role["rules"]:
            set(rule["verbs"]) <= {"get", "list", "watch"} or fail(f"ClusterRole may {rule['verbs']}")
            (rule["apiGroups"], rule["resources"]) == ([""], ["pods"]) or fail(f"ClusterRole reads more than pods: {rule}")
    env = {e["name"]: e for e in c.get("env", [])}
    env.get("NODE_NAME", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "spec.nodeName" or \
        fail("NODE_NAME does not come from spec.nodeName (the agent watches that node's pods)")
    ds["spec"]["template"]["spec"].get("automountServiceAccountToken", True) or fail("no service-account token")
    (cm,) = [o for o in by_kind["ConfigMap"] if "kotel.yaml" in o.get("data", {})]
    with open(config_out, "w") as f:
        f.write(cm["data"]["kotel.yaml"])
    print(f"ok: {len(objs)} objects, least privilege holds ({','.join(caps)}), no privileged container")


main()
