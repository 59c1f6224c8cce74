#!/usr/bin/env bash
# e2e: Kubernetes metadata on real spans, against a local fake API server
# (tests/e2e/k8s/fake_apiserver.py: HTTPS with a CA made here, the token
# checked, recorded pod list and watch events in the API server's shapes).
# Two real HTTP servers run in cgroup v2 directories named the way containerd
# and the kubelet's systemd driver name them, so the agent maps them to pods:
#   a pod in the list: its server span carries k8s.* and service.name from the label;
#   a pod that appears later (watch ADDED): spans before it have no k8s.pod.name,
#     spans after it do (same process);
#   410 Gone on the watch: the agent lists again;
#   API server down (while running, and from the start): spans still flow, a
#     warning is logged, kotel_kubernetes_api_failures_total counts it.
# usage: kubernetes_metadata_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -30 "$work/agent.err" || true; echo "--- api server"; tail -5 "$work/api.log" || true; exit 1; }

app_id=3f4e1c0b6a8d9e2f7c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f
late_id=aa4e1c0b6a8d9e2f7c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4eaa
app_uid=6d2c1a8e_1f3b_4c5d_9e7f_0a1b2c3d4e5f
api_port=29100 app_port=29101 late_port=29102 down_port=29103
for p in $api_port $app_port $late_port; do ! listening "$p" || fail "port $p is taken"; done

# The service account: a CA, a server certificate for 127.0.0.1 signed by it, a token.
sa="$work/serviceaccount"; mkdir -p "$sa" "$work/control"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out "$sa/ca.crt" -days 1 -subj /CN=kotel-test-ca \
  2> /dev/null || fail "openssl (CA) failed"
openssl req -newkey rsa:2048 -nodes -keyout "$work/api.key" -out "$work/api.csr" -subj /CN=kubernetes 2> /dev/null
openssl x509 -req -in "$work/api.csr" -CA "$sa/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -out "$work/api.crt" \
  -days 1 -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:kubernetes.default.svc') 2> /dev/null ||
  fail "openssl (server certificate) failed"
token="test-token-$RANDOM$RANDOM"; printf '%s\n' "$token" > "$sa/token"

# cgroup v2 directories as the kubelet (systemd driver) and containerd make them.
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
[ -n "$cg2" ] || fail "no cgroup2 hierarchy mounted"
pods="$cg2/kotel-e2e-$$.slice"
app_cg="$pods/kubepods-besteffort-pod$app_uid.slice/cri-containerd-$app_id.scope"
late_cg="$pods/cri-containerd-$late_id.scope"
mkdir -p "$app_cg" "$late_cg" || fail "cannot create cgroups under $cg2"
# Whatever still runs in them is this test's: stopped, then the directories go.
remove_cgroups() {
  for d in "$app_cg" "$late_cg"; do xargs -r kill < "$d/cgroup.procs" 2> /dev/null || true; done
  for d in "$app_cg" "$late_cg"; do wait_until 5 bash -c "[ ! -s '$d/cgroup.procs' ]" || true; done
  for d in "$app_cg" "$late_cg" "$(dirname "$app_cg")" "$pods"; do rmdir "$d" 2> /dev/null || true; done
}
trap 'cleanup; remove_cgroups' EXIT
# in_cgroup DIR CMD...: CMD runs as the first process of that cgroup.
in_cgroup() { local dir=$1; shift; sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$dir" "$@"; }
mkdir -p "$work/www"
for f in listed before after while-down down; do echo "$f" > "$work/www/$f"; done
in_cgroup "$app_cg" python3 -m http.server --directory "$work/www" --bind 127.0.0.1 "$app_port" > "$work/app.log" 2>&1 &
pids+=($!)
in_cgroup "$late_cg" python3 -m http.server --directory "$work/www" --bind 127.0.0.1 "$late_port" > "$work/late.log" 2>&1 &
pids+=($!)
wait_until 10 listening "$app_port" || fail "app server did not listen"
wait_until 10 listening "$late_port" || fail "late server did not listen"

start_api() {
  python3 "$here/k8s/fake_apiserver.py" --port "$api_port" --cert "$work/api.crt" --key "$work/api.key" --token "$token" \
    --node node-1 --data "$here/../data/kubernetes" --control "$work/control" --app-container "$app_id" \
    --late-container "$late_id" >> "$work/api.log" 2>&1 &
  api=$!; pids+=("$api")
  wait_until 10 listening "$api_port" || fail "fake API server did not listen"
}
start_api

# start_agent_k8s PORT NAME: the agent pointed at an API server on PORT, spans to $work/NAME.spans.jsonl.
start_agent_k8s() {
  : > "$work/agent.err"
  KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$1 NODE_NAME=node-1 OTEL_BSP_SCHEDULE_DELAY=100 \
    "$kotel" agent --print none --admin-socket off --metrics-address 127.0.0.1:0 --port "$app_port,$late_port" \
    --kubernetes-service-account-dir "$sa" --spans-file "$work/$2.spans.jsonl" > /dev/null 2> "$work/agent.err" &
  agent=$!; pids+=("$agent")
  wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"
  mport=$(grep -oE "metrics: http://127.0.0.1:[0-9]+/metrics" "$work/agent.err" | grep -oE ":[0-9]+/" | tr -d ':/')
}
metric() { curl -sf "http://127.0.0.1:$mport/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
# resource_of FILE PATH: JSON resource attributes of the last SERVER span on PATH, after a request to it.
span_resource() { python3 "$here/k8s/span_resource.py" "$@"; }
request_and_resource() { # PORT PATH FILE
  curl -sf -o /dev/null "http://127.0.0.1:$1$2" || fail "curl $2 failed"
  wait_until 10 span_resource "$3" "$2" > /dev/null || fail "no SERVER span for $2 in $3"
  span_resource "$3" "$2"
}
has() { python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if r.get(sys.argv[2]) == sys.argv[3] else 1)' "$@"; }
own_name() { python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if r["service.name"] == r["process.executable.name"] else 1)' "$@"; }
lacks() { python3 -c 'import json,sys; sys.exit(1 if sys.argv[2] in json.loads(sys.argv[1]) else 0)' "$@"; }

start_agent_k8s "$api_port" up
wait_until 20 grep -q "kubernetes: 2 pods on this node" "$work/agent.err" || fail "the agent did not list the 2 pods"
grep -q '"path": "/api/v1/pods"' "$work/api.log" || fail "the API server saw no pod list"
! grep -q '"auth_ok": false' "$work/api.log" || fail "the agent sent no or a wrong bearer token"

# A pod of the list: every k8s attribute, service.name from app.kubernetes.io/name.
r=$(request_and_resource "$app_port" /listed "$work/up.spans.jsonl")
for kv in k8s.namespace.name=shop k8s.pod.name=checkout-7c9d8f6b5d-x2k4p k8s.pod.uid=${app_uid//_/-} \
          k8s.container.name=app k8s.deployment.name=checkout k8s.replicaset.name=checkout-7c9d8f6b5d \
          k8s.node.name=node-1 service.name=checkout; do
  has "$r" "${kv%%=*}" "${kv#*=}" || fail "listed pod's span: expected $kv in $r"
done
echo "ok: a listed pod's span carries k8s.* and service.name=checkout"

# The late pod is not known yet: node only.
r=$(request_and_resource "$late_port" /before "$work/up.spans.jsonl")
lacks "$r" k8s.pod.name || fail "span before the pod appeared has a pod: $r"
has "$r" k8s.node.name node-1 || fail "span before the pod appeared lacks k8s.node.name: $r"
own_name "$r" || fail "span before the pod appeared: service.name should be the executable's: $r"
echo "ok: a process whose pod is not known yet: k8s.node.name only"

touch "$work/control/add"
wait_until 15 bash -c "[ \"\$(curl -sf http://127.0.0.1:$mport/metrics | awk '\$1 == \"kotel_kubernetes_watch_events_total\" { print \$2 }')\" = 1 ]" ||
  fail "the ADDED event was not applied"
r=$(request_and_resource "$late_port" /after "$work/up.spans.jsonl")
for kv in k8s.pod.name=late-worker-29a1b k8s.namespace.name=batch k8s.container.name=worker k8s.job.name=late-worker; do
  has "$r" "${kv%%=*}" "${kv#*=}" || fail "span after watch ADDED: expected $kv in $r"
done
echo "ok: the same process's spans carry the pod once watch ADDED it"

touch "$work/control/gone"
wait_until 15 bash -c "[ \"\$(curl -sf http://127.0.0.1:$mport/metrics | awk '\$1 == \"kotel_kubernetes_relists_total\" { print \$2 }')\" = 1 ]" ||
  fail "410 Gone did not make the agent list again"
wait_until 10 bash -c "[ \$(grep -c '\"path\": \"/api/v1/pods\", \"query\": {\"fieldSelector\": \[\"spec.nodeName=node-1\"\], \"limit\"' '$work/api.log') -ge 2 ]" ||
  fail "no second list after 410"
echo "ok: 410 Gone: listed again"

# API server going away while the agent runs: a warning, a counted failure, spans still flow.
kill "$api"; wait "$api" 2> /dev/null || true
wait_until 20 grep -q "kubernetes: .* failed" "$work/agent.err" || fail "no warning when the API server went away"
r=$(request_and_resource "$app_port" /while-down "$work/up.spans.jsonl")
has "$r" k8s.pod.name checkout-7c9d8f6b5d-x2k4p || fail "pods known before the outage were forgotten: $r"
failures=$(curl -sf "http://127.0.0.1:$mport/metrics" | awk '$1 ~ /^kotel_kubernetes_api_failures_total/ { s += $2 } END { print s + 0 }')
[ "$failures" -ge 1 ] || fail "kotel_kubernetes_api_failures_total did not count the outage"
[ "$(metric kotel_kubernetes_synced)" = 0 ] || fail "kotel_kubernetes_synced should be 0 while the API server is down"
echo "ok: API server down while running: warning, $failures failures counted, spans flow"
kill "$agent"; wait "$agent" 2> /dev/null || true

# API server down from the start: spans flow without pod attributes.
start_agent_k8s "$down_port" down
wait_until 20 grep -q "kubernetes: listing pods failed" "$work/agent.err" || fail "no warning with the API server down"
r=$(request_and_resource "$app_port" /down "$work/down.spans.jsonl")
lacks "$r" k8s.pod.name || fail "span with the API server down has a pod: $r"
own_name "$r" || fail "span with the API server down: service.name should be the executable's: $r"
wait_until 10 bash -c "[ \"\$(curl -sf http://127.0.0.1:$mport/metrics | awk '\$1 == \"kotel_kubernetes_api_failures_total{call=\\\"list\\\"}\" { print \$2 }')\" -ge 1 ]" ||
  fail "list failures not counted"
echo "ok: API server down from the start: spans without pod attributes, failures counted"
kill "$agent"; wait "$agent" 2> /dev/null || true

# --kubernetes on outside a pod is an error naming the variable.
out=$(env -u KUBERNETES_SERVICE_HOST "$kotel" agent --kubernetes on --admin-socket off --metrics-address off 2>&1) &&
  fail "--kubernetes on without KUBERNETES_SERVICE_HOST started"
grep -q KUBERNETES_SERVICE_HOST <<< "$out" || fail "--kubernetes on outside a pod: error does not name KUBERNETES_SERVICE_HOST: $out"
echo "ok: --kubernetes on outside a pod fails naming KUBERNETES_SERVICE_HOST"
echo PASS
