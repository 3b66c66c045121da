# syntax=docker/dockerfile:1
# Rebound's image: a build stage with the dev dependencies (TypeScript), then a runtime stage
# with production dependencies only, run as the unprivileged `node` user under tini so that
# node itself receives SIGTERM and drains (PID 1 as sh or npm would swallow it).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    SMTP_HOST=0.0.0.0 \
    HTTP_HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Migrations are read from src/store/migrations beside dist/, and the shipped rule sets from rules/.
COPY src/store/migrations ./src/store/migrations
COPY rules ./rules
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 2525 8025
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8025)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
