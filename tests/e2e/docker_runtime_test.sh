#!/usr/bin/env bash
# e2e: deploy/docker/Dockerfile's runtime stage installs exactly the Debian
# packages that provide the shared libraries `ldd kotel` resolves (no container
# runtime is needed, and none is assumed: this machine has none). Each library
# is mapped to its package with dpkg -S; ca-certificates is the one
# non-library package (https OTLP endpoints). Packages debian:12-slim surely
# holds (libc6, libgcc-s1, libstdc++6, zlib1g: dpkg needs them) need not be listed;
# the rest, even those apt may already have pulled in, are listed: exact, and harmless.
# usage: docker_runtime_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
dockerfile="$here/../../deploy/docker/Dockerfile"
fail() { echo "FAIL: $*"; exit 1; }
in_base_image="libc6 libgcc-s1 libstdc++6 zlib1g"
not_libraries="ca-certificates"

listed=$(sed -n '/^# runtime-packages: begin/,/^# runtime-packages: end/p' "$dockerfile" |
  grep -oE '^ +[a-z0-9][a-z0-9.+-]+ +\\$' | tr -d ' \\' | sort -u)
[ -n "$listed" ] || fail "no runtime package list between the runtime-packages markers"

needed=""
while read -r lib path; do
  [ -n "$path" ] || fail "ldd does not resolve $lib"
  # merged /usr: a library resolved under /lib may be registered under /usr/lib, or the reverse.
  real=$(readlink -f "$path")
  pkg=$(dpkg -S "$path" 2> /dev/null || dpkg -S "$real" 2> /dev/null || dpkg -S "/usr$path" 2> /dev/null ||
        dpkg -S "${real#/usr}" 2> /dev/null || true)
  [ -n "$pkg" ] || fail "no Debian package provides $path"
  needed+="${pkg%%:*}"$'\n'
done < <(ldd "$kotel" | awk '$2 == "=>" { print $1, $3 } $1 ~ /^\// { print $1, $1 }')
needed=$(grep -v '^$' <<< "$needed" | sort -u)

missing=$(comm -23 <(echo "$needed") <(printf '%s\n' $listed $in_base_image | sort -u))
[ -z "$missing" ] || fail "the runtime stage lacks packages for libraries kotel links: $(echo $missing)"
extra=$(comm -13 <(printf '%s\n' $needed $not_libraries | sort -u) <(echo "$listed"))
[ -z "$extra" ] || fail "the runtime stage installs packages kotel does not need: $(echo $extra)"
echo "ok: runtime stage lists the $(echo "$listed" | wc -l) packages for $(ldd "$kotel" | grep -c '=>') libraries (+ base image: $in_base_image)"

# The stages are what docs/deployment.md says: build on debian:12 with the project's scripts, run on debian:12-slim.
grep -qE '^FROM debian:12 AS build$' "$dockerfile" || fail "build stage is not debian:12"
grep -qE '^FROM debian:12-slim AS runtime$' "$dockerfile" || fail "runtime stage is not debian:12-slim"
grep -q 'scripts/install-deps.sh' "$dockerfile" && grep -q 'scripts/build.sh' "$dockerfile" ||
  fail "build stage does not use scripts/install-deps.sh and scripts/build.sh"
grep -qE '^COPY --from=build /kotel /usr/bin/kotel$' "$dockerfile" || fail "runtime stage does not take only the binary"
if command -v hadolint > /dev/null; then hadolint "$dockerfile" || fail "hadolint"; else echo "note: no hadolint here"; fi
if docker info > /dev/null 2>&1; then
  echo "note: a docker daemon is available but this test does not build images (slow); build it by hand"
else
  echo "note: no container runtime here: the image itself is not built"
fi
echo PASS
