#!/usr/bin/env bash
# e2e: the Helm chart and the plain manifests, with real tools and offline:
# helm lint; helm template over several values files, each rendering valid
# Kubernetes objects (kubernetes-models schemas, Prometheus operator CRDs),
# clean under yamllint, least privilege (check_manifests.py) and a config the
# agent accepts; values that break values.schema.json are refused by helm;
# deploy/kubernetes/kotel.yaml is exactly the chart's default rendering.
# usage: helm_chart_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
source "$here/k8s/tools.sh"
chart="$repo/helm/kotel"
fail() { echo "FAIL: $*"; exit 1; }
install_k8s_tools
caps=$(sed -n 's/^AmbientCapabilities=//p' "$repo/deploy/systemd/kotel.service" | sed 's/CAP_//g; s/ /,/g')
[ -n "$caps" ] || fail "no AmbientCapabilities in the systemd unit"

"$helm" lint --strict "$chart" > "$work/lint.log" 2>&1 || fail "helm lint: $(cat "$work/lint.log")"
echo "ok: helm lint --strict"
yamllint -c "$here/k8s/yamllint.yaml" "$chart/values.yaml" "$chart/Chart.yaml" "$repo/deploy/kubernetes" \
  "$here"/k8s/values-*.yaml || fail "yamllint on the chart's values and deploy/kubernetes"

check_objects() {  # check_objects NAME FILE: schema-valid, yamllint-clean, least-privileged, agent-readable
  local name=$1 out=$2
  (cd "$models" && node "$here/k8s/validate_objects.mjs" "$out") > "$work/$name.valid" ||
    fail "$name: invalid objects: $(grep INVALID "$work/$name.valid")"
  yamllint -c "$here/k8s/yamllint.yaml" "$out" || fail "$name: yamllint"
  python3 "$here/k8s/check_manifests.py" "$out" "$caps" "$work/$name.kotel.yaml" || fail "$name: manifest check"
  # A config the agent rejects stops it before the privilege check; reaching that check means it parsed.
  local agent_out
  agent_out=$(setpriv --bounding-set=-all --inh-caps=-all "$kotel" agent --config "$work/$name.kotel.yaml" 2>&1 || true)
  echo "$agent_out" | grep -q "privileges check failed" || fail "$name: the agent rejects the chart's config: $agent_out"
  echo "ok: $name: $(grep -c '^ok' "$work/$name.valid") valid objects, config accepted by the agent"
}
render() {  # render NAME [helm args...]: renders one set of values and checks it
  local name=$1; shift
  "$helm" template kotel "$chart" --namespace kotel "$@" > "$work/$name.yaml" 2> "$work/$name.err" ||
    fail "$name: helm template failed: $(grep -v 'symbolic link' "$work/$name.err")"
  check_objects "$name" "$work/$name.yaml"
}
render default
render full -f "$here/k8s/values-full.yaml"
render existing-secret -f "$here/k8s/values-existing-secret.yaml"
grep -q "kind: Secret" "$work/existing-secret.yaml" && fail "existing-secret: the chart rendered its own Secret"
grep -q "name: my-otlp-headers" "$work/existing-secret.yaml" || fail "existing-secret: the DaemonSet does not use it"
# /metrics is behind a NetworkPolicy on the metrics port by default.
python3 - "$work/default.yaml" <<'PY' || fail "default: no NetworkPolicy limiting the metrics port to the cluster's pods"
import sys, yaml
np = next(o for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "NetworkPolicy")
rule = np["spec"]["ingress"][0]
sys.exit(not (np["spec"]["policyTypes"] == ["Ingress"] and rule["ports"] == [{"protocol": "TCP", "port": 9477}]
              and rule["from"] == [{"namespaceSelector": {}}]))
PY
for kind in ServiceMonitor PrometheusRule Secret Namespace; do
  grep -q "^kind: $kind$" "$work/full.yaml" || fail "full: no $kind rendered"
done
# The PrometheusRule carries the shipped alert rules, untouched by templating.
python3 - "$work/full.yaml" "$repo/deploy/prometheus/kotel-alerts.yml" <<'PY' || fail "PrometheusRule differs from deploy/prometheus/kotel-alerts.yml"
import sys, yaml
rule = next(o for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "PrometheusRule")
sys.exit(rule["spec"] != yaml.safe_load(open(sys.argv[2])))
PY
grep -q "x-api-key=secret" "$work/full.yaml" && ! grep -A3 "kind: ConfigMap" "$work/full.yaml" | grep -q x-api-key ||
  fail "full: OTLP headers are not (only) in the Secret"
echo "ok: full: ServiceMonitor, PrometheusRule (= kotel-alerts.yml), headers in a Secret"

# TLS capture's extra capability only when asked for (least privilege is the default, checked above).
"$helm" template kotel "$chart" --namespace kotel --set capture.tlsWithSysAdmin=true > "$work/tls.yaml" 2> "$work/tls.err" ||
  fail "tls: helm template failed: $(cat "$work/tls.err")"
python3 - "$work/tls.yaml" <<'PY' || fail "capture.tlsWithSysAdmin=true does not add exactly SYS_ADMIN"
import sys, yaml
ds = next(o for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "DaemonSet")
add = ds["spec"]["template"]["spec"]["containers"][0]["securityContext"]["capabilities"]["add"]
sys.exit(sorted(add) != sorted(["BPF", "PERFMON", "SYS_PTRACE", "DAC_READ_SEARCH", "SYS_ADMIN"]))
PY
echo "ok: capture.tlsWithSysAdmin=true adds SYS_ADMIN, and only that"

for bad in "$here"/k8s/values-bad-*.yaml; do
  name=$(basename "$bad" .yaml)
  if "$helm" template kotel "$chart" -f "$bad" > /dev/null 2> "$work/$name.err"; then fail "$name: helm accepted it"; fi
  grep -q "don't meet the specifications of the schema" "$work/$name.err" ||
    fail "$name: refused, but not by the schema: $(cat "$work/$name.err")"
  echo "ok: $name refused: $(grep "at '" "$work/$name.err" | head -1)"
done

"$here/k8s/render_manifests.sh" --stdout > "$work/expected-manifests.yaml"
diff -u "$work/expected-manifests.yaml" "$repo/deploy/kubernetes/kotel.yaml" > "$work/drift.diff" ||
  fail "deploy/kubernetes/kotel.yaml is not the chart's rendering (run tests/e2e/k8s/render_manifests.sh): $(head -20 "$work/drift.diff")"
check_objects deploy-kubernetes "$repo/deploy/kubernetes/kotel.yaml"
echo "PASS: helm lint, 4 renderings valid and least-privileged, $(ls "$here"/k8s/values-bad-*.yaml | wc -l) bad values refused, manifests in step"
