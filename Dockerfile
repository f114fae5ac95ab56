# Parley: one Node process serving HTTP, one SQLite file on the /data volume.
# Both stages use the same image: better-sqlite3 is a native addon built for that Node's ABI.
# Pinned to 24.18.1: better-sqlite3 12 compiled against Node >= 24.19 headers aborts the process when a
# garbage-collected Statement is finalized (node::ObjectWrap cleanup hooks); against 24.18.1 it runs cleanly.
ARG NODE_IMAGE=node:24.18.1-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Toolchain for better-sqlite3, which compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Dependencies first, so source edits don't redo the slow install layer.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
# .dockerignore lets through only what the build and the runtime need.
COPY . .
# --omit=optional too: TypeScript is an optional peer of a production dependency and would
# otherwise stay (STACK.md G12). Then keep only the compiled addon of better-sqlite3.
RUN npm run build \
 && npm prune --omit=dev --omit=optional --no-audit --no-fund \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build deps src \
 && mkdir -p build/Release \
 && mv /tmp/better_sqlite3.node build/Release/ \
 && cd /app \
 && mkdir -p static views \
 && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_PATH=/data/parley.db
WORKDIR /app
# package.json marks dist/*.js as ES modules; migrations are applied at boot from ./migrations.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/static ./static
COPY --from=build /app/views ./views
# The database and first-boot-credentials.txt live here, written by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 so it receives SIGTERM; npm would not forward it (and `npm start` rebuilds).
CMD ["node", "dist/src/server.js"]
