# syntax=docker/dockerfile:1
#
# The OpenAI stand-in (crates/pitwall-llm-standin) for local trials with
# docker-compose.yml: real Chat Completions wire format, a fake model, no
# network and no bill. Never deploy it.
FROM rust:1.95.0-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p pitwall-llm-standin \
    && install -D -m 0755 target/release/openai-standin /out/openai-standin

FROM debian:bookworm-slim
RUN useradd --system --uid 10002 --no-create-home --shell /usr/sbin/nologin standin
COPY --from=build /out/openai-standin /usr/local/bin/openai-standin
USER standin
EXPOSE 9000
# It stops on SIGINT (Ctrl-C) only.
STOPSIGNAL SIGINT
CMD ["openai-standin", "--bind", "0.0.0.0:9000"]
