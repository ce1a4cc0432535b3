# syntax=docker/dockerfile:1
#
# pitwall: multi-stage build, Debian-slim runtime, non-root, the F1 CSV dump
# baked in (see docs/deploy.md for why and how to stage it), app state on a
# volume. Build: scripts/ci/docker_build.sh (stages the dump, then builds).

# ---- build stage: the toolchain pinned in rust-toolchain.toml ----
FROM rust:1.95.0-slim-bookworm AS build
WORKDIR /src
# git is absent from the context (.dockerignore), so the commit is passed in
# for GET /version; unset, it reads "unknown".
ARG PITWALL_GIT_SHA=unknown
ENV PITWALL_GIT_SHA=${PITWALL_GIT_SHA}
COPY . .
# Only the binary: the stand-ins and benchmarks are not part of the image.
# (No BuildKit cache mounts: Railway's builder refuses them without its own
# id prefix.)
RUN cargo build --release --locked -p pitwall \
    && install -D -m 0755 target/release/pitwall /out/pitwall

# ---- runtime stage ----
FROM debian:bookworm-slim AS runtime
# curl: the HEALTHCHECK and the runbooks' commands inside the container;
# ca-certificates: HTTPS to the LLM provider, Sentry and Jolpica.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 pitwall \
    && useradd --system --uid 10001 --gid pitwall --home-dir /data --shell /usr/sbin/nologin pitwall \
    && mkdir -p /data /backups \
    && chown pitwall:pitwall /data /backups
COPY --from=build /out/pitwall /usr/local/bin/pitwall
COPY deploy/docker/entrypoint.sh /usr/local/bin/pitwall-entrypoint
# The dump is read-only for the service (owned by root); the F1 database
# built from it lives on the volume.
COPY f1data/ /opt/pitwall/f1data/

# PITWALL_BIND is left unset: the entrypoint binds 0.0.0.0 on $PORT (set by
# Railway and other platforms) or 8080.
ENV PITWALL_DATA_DIR=/data \
    PITWALL_F1_DATA=/opt/pitwall/f1data \
    PITWALL_LOG_FORMAT=json \
    PITWALL_SHUTDOWN_GRACE_SECS=25

VOLUME ["/data"]
EXPOSE 8080
USER pitwall:pitwall
WORKDIR /data

# Liveness only: /readyz is for the platform's deploy gate (railway.toml).
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT:-8080}/healthz" > /dev/null || exit 1

# SIGTERM starts a graceful stop: in-flight requests get
# PITWALL_SHUTDOWN_GRACE_SECS (25 s) to finish, inside the 30 s that
# `docker stop -t 30` / compose's stop_grace_period allow before SIGKILL.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/pitwall-entrypoint"]
CMD ["pitwall", "serve"]
