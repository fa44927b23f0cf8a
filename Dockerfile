# syntax=docker/dockerfile:1
# ClientHub: one image for the web server (`serve`, the default) and job workers (`worker`).
#   docker build -t clienthub .
#   docker run -p 3000:3000 -v clienthub-data:/data -e CLIENTHUB_SECRET_KEY=... clienthub
# See compose.yaml for the server + worker + Redis layout.

# --- build: all dependencies, TypeScript compiled to dist/ ---------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Compilers only for the case where a native module (better-sqlite3, argon2, msgpackr) has no
# prebuilt binary for this platform; they stay in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts skips the package's own `prepare` (a build, before the sources are here);
# `npm rebuild` then runs the dependencies' install scripts (native modules).
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY connectors ./connectors
COPY mappings ./mappings
COPY webhooks ./webhooks
COPY portal-ui ./portal-ui
RUN npm run build

# --- prod-deps: production dependencies only, native modules built for the runtime image --------
FROM build AS prod-deps
RUN rm -rf node_modules \
 && npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm rebuild \
 && npm cache clean --force

# --- runtime: no compilers, no dev dependencies, not root ----------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CLIENTHUB_DATA_DIR=/data \
    LOG_FORMAT=json
WORKDIR /app
# The code belongs to root and is only readable by the node user: a compromised process cannot
# rewrite it. Only /data is writable.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The SQLite file, the generated secret key (when CLIENTHUB_SECRET_KEY is not given) and the mail
# outbox live here: mount a volume, or they go with the container.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# /healthz answers once the server listens; node's own fetch, so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec form: node itself is PID 1, so SIGTERM from `docker stop` reaches it and the server closes
# its connections and jobs before exiting.
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["serve"]
