#!/bin/sh
# pitwall's container entrypoint: runs its arguments (default `pitwall serve`)
# after two adjustments that the binary itself does not make.
#
# 1. The bind address. The binary reads PITWALL_BIND only; platforms such as
#    Railway say the port in PORT. An explicit PITWALL_BIND wins, then PORT,
#    then 8080, always on 0.0.0.0 (a container's loopback is unreachable).
# 2. Root. The image runs as the `pitwall` user (uid 10001). A platform that
#    mounts its volume owned by root (Railway) needs the container started as
#    root (RAILWAY_RUN_UID=0) to write there: then the data directory is
#    handed to uid 10001 and the command runs as that user, never as root.
#
# `exec` keeps the command as PID 1, so SIGTERM reaches pitwall directly.
set -eu

: "${PITWALL_BIND:=0.0.0.0:${PORT:-8080}}"
export PITWALL_BIND

if [ "$(id -u)" = "0" ]; then
    data_dir="${PITWALL_DATA_DIR:-/data}"
    mkdir -p "$data_dir"
    chown -R 10001:10001 "$data_dir"
    exec setpriv --reuid=10001 --regid=10001 --clear-groups -- "$@"
fi
exec "$@"
