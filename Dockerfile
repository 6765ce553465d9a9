# Học Vụ Số — container image. Multi-stage: dependencies are installed from the
# lockfile in a build stage; the runtime stage holds only what the tutor runs
# (Node 20, node_modules without dev tools, src/, flows/, content/, Tesseract with
# Vietnamese data for reading pictures) and runs as the unprivileged `node` user.
# Build: docker build -t hocvuso .   Run: see compose.yaml and docs/deploy.md.

ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the locked versions, without dev dependencies (tests, linters, TypeScript).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# tini forwards SIGTERM to Node (graceful stop) and reaps tesseract child processes.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini tesseract-ocr tesseract-ocr-vie fonts-noto-core ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    CONTENT_ROOT=/app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY flows ./flows
COPY content ./content
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness only: readiness (/readyz) is for the reverse proxy, which stops sending during a stop.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# One Node process (no npm wrapper), so SIGTERM reaches the tutor itself.
CMD ["node", "--max-semi-space-size=64", "--min-semi-space-size=64", "--no-minor-gc-task", "--import", "tsx", "src/main.ts"]
