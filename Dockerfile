# One image for all five services; docker-compose.yml gives each its command.
# Node 26: the Active LTS line (package.json engines: 22.15 or newer).
FROM node:26-trixie-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json main.ts supergraph.graphql ./
COPY shared ./shared
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev
# The console's static page is not TypeScript: tsc leaves it out of dist.
RUN cp -r gateway/console dist/gateway/console

FROM node:26-trixie-slim
WORKDIR /app
ENV NODE_ENV=production
# Listen on every interface inside the container (outside one the services default to 127.0.0.1).
ENV HOST=0.0.0.0
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json supergraph.graphql ./
# The registered clients' manifests of persisted operations (TRUSTED_DOCUMENTS_DIR, docs/api.md).
COPY persisted ./persisted
# The embedded SQLite default writes here (compose uses MySQL instead).
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
EXPOSE 4000 4001 4002 4003 4004
# Default: everything in one container; compose runs one service per container.
CMD ["node", "dist/main.js"]
