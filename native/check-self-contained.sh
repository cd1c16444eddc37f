#!/usr/bin/env bash
# Runs the native executable the way a container image file holds it, and asks it a GraphQL
# query: the files are laid out as the Dockerfile's COPY lines say (each source must also pass
# .dockerignore), the JDK, the native toolchain and the project are hidden by empty file systems
# mounted over them in a private mount namespace (a library still taken from them would stop the
# start), and the glibc versions the files need must not exceed the base image's (UBI 9: 2.34).
# It runs in a memory cgroup limited to 512 MiB, and its garbage collector must size the heap from that.
# Needs root (unshare -m) and the local PostgreSQL. No Docker engine is needed, or used.
#
#   native/check-self-contained.sh [src/main/docker/Dockerfile.native]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dockerfile=${1:-$root/src/main/docker/Dockerfile.native}
base_glibc=2.34
jdk=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cache=${NATIVE_TOOLCHAIN_CACHE:-$HOME/.cache/activity-completion/native-toolchain}
port=${CHECK_PORT:-18391}
db=native_check_$$

box=$(mktemp -d /tmp/native-box.XXXXXX)
trap '[ -f "$box/cgroup" ] && rmdir "$(cat "$box/cgroup")"; rm -rf "$box"; psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" > /dev/null 2>&1 || true' EXIT
# the image's /work, from the Dockerfile's COPY lines (flags dropped; sources relative to the project)
grep -q '^WORKDIR /work/\?$' "$dockerfile" || { echo "$dockerfile: expected WORKDIR /work/" >&2; exit 1; }
while read -r _ args; do
    set -f; set -- $args; set +f
    while [ "${1#--}" != "$1" ]; do shift; done
    dest=${!#}; dest=${dest#/work/}
    while [ $# -gt 1 ]; do
        allowed=no
        while read -r pattern; do
            case $pattern in '!'*) pattern=${pattern#!}; [[ $1 == $pattern || $1/x == $pattern ]] && allowed=yes ;; esac
        done < "$root/.dockerignore"
        [ $allowed = yes ] || { echo ".dockerignore keeps $1 out of the image" >&2; exit 1; }
        files=("$root"/$1)
        [ -e "${files[0]}" ] || { echo "$1: not built (./mvnw package -Dnative -DskipTests)" >&2; exit 1; }
        cp -r "${files[@]}" "$box/$dest"
        shift
    done
done < <(grep '^COPY ' "$dockerfile")
[ -x "$box/application" ] || { echo "$dockerfile copies no /work/application" >&2; exit 1; }
need=$(find "$box" -type f -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -1)
[ "$(printf '%s\n' "GLIBC_$base_glibc" "$need" | sort -V | tail -1)" = "GLIBC_$base_glibc" ] \
    || { echo "the files need $need, the base image has glibc $base_glibc" >&2; exit 1; }
echo "layout of $(basename "$dockerfile"): $(cd "$box" && find . -type f | sort | tr '\n' ' ')(needs $need)"
psql -h 127.0.0.1 -U postgres -qc "create database $db" > /dev/null

unshare -m bash ${CHECK_TRACE:+-x} -s "$box" "$jdk" "$cache" "$root" "$port" "$db" <<'INSIDE'
set -euo pipefail
box=$1; jdk=$2; cache=$3; root=$4; port=$5; db=$6
for hidden in "$(dirname "$jdk")" "$cache" "$root"; do
    [ -d "$hidden" ] && mount -t tmpfs -o size=1m hidden "$hidden"
done
[ ! -e "$jdk/lib/libjava.so" ] || { echo "the JDK is still visible" >&2; exit 1; }
cd "$box"
# a container's memory limit (the Knative manifest's 512 MiB), in a cgroup of our own below this
# process's: v1 memory controller (these machines) or cgroup v2
limit=$((512 * 1024 * 1024)) cg=""
v1_path=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/self/cgroup)
if [ -n "$v1_path" ] && [ -d "/sys/fs/cgroup/memory$v1_path" ]; then
    cg=/sys/fs/cgroup/memory${v1_path%/}/native-check-$$; mkdir "$cg"; echo $limit > "$cg/memory.limit_in_bytes"
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    cg=/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' /proc/self/cgroup | sed 's#/$##')/native-check-$$
    mkdir "$cg" && echo $limit > "$cg/memory.max" || cg=""
fi
[ -n "$cg" ] || { echo "no memory cgroup could be made here: the container memory limit is not checked" >&2; }
if [ -n "$cg" ]; then
    echo $$ > "$cg/cgroup.procs"
    echo "$cg" > "$box/cgroup"   # removed by the outer script once every process here is gone
fi
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" QUARKUS_DATASOURCE_USERNAME=postgres \
    COMPLETION_ADMIN_TOKEN=check-admin ./application -Dquarkus.http.port="$port" > "$box/out.log" 2>&1 &
pid=$!
answer=""
for _ in $(seq 1 600); do   # up to 60 s for the first answer
    answer=$(curl -fs -H 'Content-Type: application/json' -d '{"query":"{ courses { id } }"}' \
        -H 'Authorization: Bearer check-admin' "http://127.0.0.1:$port/graphql") && break
    kill -0 "$pid" 2>/dev/null || { cat "$box/out.log" >&2; echo "the executable did not start" >&2; exit 1; }
    sleep 0.1
done
libs=$(awk '$6 ~ /\.so/ {print $6}' "/proc/$pid/maps" | sort -u)
# SIGTERM (what a platform sends before it removes an instance) stops it cleanly, well inside the
# 10 s of quarkus.shutdown.timeout plus a little
kill "$pid"
for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"; cat "$box/out.log" >&2; echo "still running 15 s after SIGTERM" >&2; exit 1
fi
wait "$pid" || true
grep -q ' stopped in ' "$box/out.log" || { cat "$box/out.log" >&2; echo "SIGTERM did not stop it cleanly" >&2; exit 1; }
if [ -n "$cg" ]; then
    # the memory the garbage collector sizes the heap from, as it prints it at its first collection
    # (a young generation of 2 MB makes that come within milliseconds)
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" QUARKUS_DATASOURCE_USERNAME=postgres \
        ./application -XX:+VerboseGC -Xmn2m -Dquarkus.http.port=$((port + 1)) > "$box/gc.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do grep -q 'Memory: ' "$box/gc.log" && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
    kill "$pid" 2>/dev/null || true; wait "$pid" || true
    seen=$(grep -m1 -o 'Memory: [0-9]*M' "$box/gc.log" || true)
    echo "inside a $((limit >> 20)) MiB memory cgroup the garbage collector sees $seen; $(grep -m1 -o 'Maximum heap size: [0-9]*M' "$box/gc.log" || true)"
    [ "$seen" = "Memory: $((limit >> 20))M" ] || { head -20 "$box/gc.log" >&2; echo "the heap is not sized from the container's memory limit" >&2; exit 1; }
fi
# without a database it must stop at once, saying why (it has no embedded PostgreSQL)
status=0; env -u QUARKUS_DATASOURCE_JDBC_URL ./application > "$box/nodb.log" 2>&1 || status=$?
[ $status = 2 ] && grep -q 'set QUARKUS_DATASOURCE_JDBC_URL' "$box/nodb.log" \
    || { cat "$box/nodb.log" >&2; echo "without a JDBC URL: exit $status, and not the message" >&2; exit 1; }
echo "$answer" | grep -q '"courses"' || { echo "unexpected answer: $answer" >&2; cat "$box/out.log" >&2; exit 1; }
echo "answer: $answer"
echo "shared libraries mapped:"; echo "$libs" | sed 's/^/  /'
outside=$(echo "$libs" | grep -v -e "^$box/native-lib/" -e '^/usr/lib/x86_64-linux-gnu/' -e '^/lib/x86_64-linux-gnu/' -e '^/lib64/' || true)
[ -z "$outside" ] || { echo "libraries from outside the image's files: $outside" >&2; exit 1; }
! grep -E 'WARN|ERROR' "$box/out.log" || { echo "the executable logged warnings" >&2; exit 1; }
echo "self-contained: ok (the executable and native-lib/ only; JDK and toolchain hidden)"
INSIDE
