# syntax=docker/dockerfile:1
# eci-acr-reconciler: the daemon for an ops environment (see docs/operations.md).
# test/packaging/production-install.test.ts repeats the runtime stage's install on the host,
# since CI has no Docker engine: keep the two in step.

# --- build: compile TypeScript with the dev dependencies ---------------------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies only, non-root, read-only root filesystem friendly -------
FROM node:22-bookworm-slim AS runtime
# The heap cap keeps a daemon holding a 500-pull fleet at ~160 MB RSS instead of ~220 MB of not yet
# collected garbage (bench/README.md); raise it for much larger fleets, with the pod's memory limit.
ENV NODE_OPTIONS=--max-old-space-size=128
ENV NODE_ENV=production \
    # npm and any library that caches must not try to write outside /tmp.
    HOME=/tmp \
    npm_config_cache=/tmp/.npm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY schemas ./schemas
COPY seeds ./seeds
# The node image's unprivileged user (uid 1000); files stay root-owned and read-only to it.
USER node
VOLUME ["/manifests"]
EXPOSE 8080
# Matches the default --listen below; change both together.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/eci-acr-reconciler.js"]
CMD ["run", "--manifests", "/manifests", "--listen", "0.0.0.0:8080"]
