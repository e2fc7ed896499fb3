import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { introspectionFromSchema, type GraphQLSchema } from 'graphql';

/**
 * The API explorer: GraphiQL, served whole by the gateway outside production — the page, React,
 * GraphiQL's script and stylesheet, and the fonts and images the stylesheet carries. Nothing is
 * loaded from another host, so it works offline, and the page may talk to this origin only.
 *
 * GraphiQL 3 ships a browser build (UMD: a `GraphiQL` global over the `React` and `ReactDOM`
 * globals of React 18's UMD builds), which is served as the packages have it, with no bundler.
 * GraphiQL 4 and 5 ship only ES modules that import CSS and (5) Monaco's workers: not servable
 * as they are.
 *
 * A browser opening `/graphql` (a GET that prefers HTML, as Apollo decides for its landing page)
 * gets the explorer, and so does `/explorer`. POST /graphql and every other GET go on to Apollo.
 *
 * The page reads the schema from `/explorer/schema.json` (the API schema's introspection, what
 * introspection through /graphql answers outside production): a full introspection query costs
 * more than the gateway's query cost budget (gateway/cost.ts counts its nested lists like any
 * other), so GraphiQL's own would be refused. Every query typed into the page goes to /graphql.
 */

/**
 * Only this origin's files, no inline script, no framing, fetches to this origin only (a token
 * typed in the headers editor goes nowhere else). The stylesheet's embedded `data:` fonts and
 * images are served as files (see `extractDataUrls`), so no `data:` source is allowed.
 *
 * One inline style element is let in by a nonce drawn for each page: GraphiQL's dialogs (settings,
 * shortcuts) lock the page's scroll with a `<style>` they add, which takes its nonce from the
 * `__webpack_nonce__` global that the page's script sets.
 */
export function explorerCsp(styleNonce?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of the explorer's files other than the page (no inline style at all). */
export const EXPLORER_CSP = explorerCsp();

/** Where the GraphiQL page sends its requests. */
const ENDPOINT = '/graphql';
/** Where it reads the schema. */
const SCHEMA_PATH = '/explorer/schema.json';
/** The headers editor's content on a new tab; left out of the request until it is replaced. */
export const AUTHORIZATION_PLACEHOLDER = 'Bearer <token from npm run token>';

/** The query editor's content on a first visit. */
const DEFAULT_QUERY = `# The library federation's GraphQL API.
#
# Without a token you are PUBLIC. To act as someone,
# print a token:
#   npm run token -- --role LIBRARY_ADMIN --library kupang
# and put it in the Headers tab below, in place of
# the placeholder:
#   {"Authorization": "Bearer <token from npm run token>"}
# While the placeholder is there, no Authorization
# header is sent.
#
# Run: Ctrl-Enter or the run button. Schema: the book
# icon on the left.

{
  libraries { id name city province }
}
`;

/** A browser package's file, or null when the package is not installed. */
function packageFile(pkg: string, file: string): { path: string; version: string } | null {
  try {
    const manifest = require.resolve(`${pkg}/package.json`);
    const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
    const full = path.join(path.dirname(manifest), file);
    return fs.existsSync(full) ? { path: full, version } : null;
  } catch {
    return null;
  }
}

/** The packages' browser files (URL name → package file). */
const VENDOR = {
  'react.production.min.js': ['react', 'umd/react.production.min.js'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css'],
} as const;
type VendorName = keyof typeof VENDOR;

interface ExtractedAsset {
  type: string;
  body: Buffer;
}

const EXTENSIONS: Record<string, string> = { 'font/woff2': 'woff2', 'font/woff': 'woff', 'font/ttf': 'ttf', 'image/png': 'png', 'image/gif': 'gif', 'image/svg+xml': 'svg' };

/**
 * Moves a stylesheet's base64 `data:` URLs (GraphiQL embeds its fonts and lint icons) out into
 * files named by their content, `<prefix><sha256>.<ext>`: the CSS then points at those files and
 * the page's policy needs no `data:` source.
 */
function extractDataUrls(css: string, prefix: string): { css: string; assets: Map<string, ExtractedAsset> } {
  const assets = new Map<string, ExtractedAsset>();
  const rewritten = css.replace(/url\((['"]?)data:([a-z0-9.+/-]+);base64,([A-Za-z0-9+/=\s]+)\1\)/gi, (_match, _quote, type: string, data: string) => {
    const body = Buffer.from(data, 'base64');
    const name = `${crypto.createHash('sha256').update(body).digest('hex').slice(0, 20)}.${EXTENSIONS[type.toLowerCase()] ?? 'bin'}`;
    assets.set(name, { type: type.toLowerCase(), body });
    return `url(${prefix}${name})`;
  });
  return { css: rewritten, assets };
}

/** The vendor files' URL folder: the versions in the path, so a new release is a new URL. */
function vendorBase(): string | null {
  const graphiql = packageFile('graphiql', 'package.json');
  const react = packageFile('react', 'package.json');
  return graphiql && react ? `/explorer/vendor/graphiql-${graphiql.version}-react-${react.version}` : null;
}

function page(vendor: string, styleNonce: string): string {
  const config = JSON.stringify({
    endpoint: ENDPOINT,
    schema: SCHEMA_PATH,
    styleNonce,
    query: DEFAULT_QUERY,
    headers: JSON.stringify({ Authorization: AUTHORIZATION_PLACEHOLDER }, null, 2),
  });
  // The configuration travels in a JSON block (data, not script), escaped so it cannot close it.
  const escaped = config.replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>API explorer · Library federation</title>
  <link rel="icon" href="/explorer/icon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${vendor}/graphiql.min.css">
  <link rel="stylesheet" href="/explorer/explorer.css">
  <script src="${vendor}/react.production.min.js" defer></script>
  <script src="${vendor}/react-dom.production.min.js" defer></script>
  <script src="${vendor}/graphiql.min.js" defer></script>
  <script src="/explorer/explorer.js" defer></script>
</head>
<body>
  <script type="application/json" id="explorer-config">${escaped}</script>
  <div id="graphiql"><p class="loading">Loading GraphiQL…</p></div>
  <noscript>The API explorer needs JavaScript. The API itself answers POST ${ENDPOINT}.</noscript>
</body>
</html>
`;
}

/** Starts GraphiQL on the page (served as a file: the policy allows no inline script). */
const BOOT_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  // The nonce of the style element GraphiQL's dialogs add (see the page's policy).
  window.__webpack_nonce__ = config.styleNonce;
  var placeholder = ${JSON.stringify(AUTHORIZATION_PLACEHOLDER)};
  var http = GraphiQL.createFetcher({ url: config.endpoint, enableIncrementalDelivery: false });
  // The schema comes from schema.json, every operation typed in from the API. The headers editor
  // starts with the Authorization header to fill in: until it is filled in, none is sent.
  function fetcher(params, options) {
    if (params.operationName === 'IntrospectionQuery') {
      return fetch(config.schema, { headers: { accept: 'application/json' } }).then(function (res) {
        return res.json();
      });
    }
    var headers = Object.assign({}, options && options.headers);
    Object.keys(headers).forEach(function (name) {
      if (name.toLowerCase() === 'authorization' && headers[name] === placeholder) delete headers[name];
    });
    return http(params, Object.assign({}, options, { headers: headers }));
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.query,
      defaultHeaders: config.headers,
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const PAGE_CSS = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
.loading { font: 16px system-ui, sans-serif; padding: 2rem; }
`;

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#e535ab"/><path d="M16 5l9.5 5.5v11L16 27l-9.5-5.5v-11z" fill="none" stroke="#fff" stroke-width="2"/><circle cx="16" cy="16" r="3" fill="#fff"/></svg>`;

/**
 * Does Apollo see this request as a browser's (its landing-page rule): a GET whose Accept header
 * prefers text/html over every GraphQL response type.
 */
function prefersHtml(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!req.headers.accept) return false;
  return (
    req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed;deferSpec=20220824', 'multipart/mixed;subscriptionSpec="1.0"', 'text/html']) ===
    'text/html'
  );
}

export interface ExplorerOptions {
  /** The API schema (the gateway's, once loaded), which the explorer documents. */
  schema: () => GraphQLSchema | undefined;
}

/**
 * `/explorer` (the page), `/explorer/explorer.js|css`, `/explorer/icon.svg`, the schema at
 * `/explorer/schema.json`, the packages' files under `/explorer/vendor/<versions>/`, and the page
 * at `/graphql` for a browser. Mount it on the app before `/graphql`, outside production only.
 */
export function explorerRouter(options: ExplorerOptions): Router {
  const router = Router();
  const vendor = vendorBase();
  let stylesheet: { css: string; assets: Map<string, ExtractedAsset> } | undefined;
  const loadStylesheet = () => {
    const file = packageFile(VENDOR['graphiql.min.css'][0], VENDOR['graphiql.min.css'][1]);
    if (!file || !vendor) return undefined;
    stylesheet ??= extractDataUrls(fs.readFileSync(file.path, 'utf8'), `${vendor}/assets/`);
    return stylesheet;
  };

  const secure = (res: Response, policy = EXPLORER_CSP) => {
    res.setHeader('content-security-policy', policy);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
  };
  const notInstalled = (res: Response) => {
    res.status(503).type('text/plain').send('The API explorer is not installed here (graphiql, react, react-dom): run npm install');
  };
  const sendPage = (res: Response) => {
    const styleNonce = crypto.randomBytes(16).toString('base64');
    secure(res, explorerCsp(styleNonce));
    if (!vendor) return notInstalled(res);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('vary', 'accept');
    res.type('html').send(page(vendor, styleNonce));
  };
  // Files named by version or content never change; the page's own small files are revalidated.
  const immutable = (res: Response) => res.setHeader('cache-control', 'public, max-age=31536000, immutable');

  router.use(ENDPOINT, (req, res, next) => (prefersHtml(req) ? sendPage(res) : next()));

  const explorer = Router();
  explorer.use((_req, res, next) => {
    secure(res);
    next();
  });
  explorer.get('/', (_req, res) => sendPage(res));
  explorer.get('/explorer.js', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.type('text/javascript').send(BOOT_SCRIPT);
  });
  explorer.get('/explorer.css', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.type('text/css').send(PAGE_CSS);
  });
  // Introspection of the current schema, computed once per schema.
  const introspections = new WeakMap<GraphQLSchema, string>();
  explorer.get('/schema.json', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    const schema = options.schema();
    if (!schema) {
      res.status(503).json({ errors: [{ message: 'The schema is not loaded yet', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      return;
    }
    let body = introspections.get(schema);
    if (!body) {
      const data = introspectionFromSchema(schema, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
      body = JSON.stringify({ data });
      introspections.set(schema, body);
    }
    res.type('json').send(body);
  });
  explorer.get('/icon.svg', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.type('image/svg+xml').send(ICON);
  });
  explorer.get('/vendor/:versions/assets/:name', (req, res, next) => {
    const asset = vendor && `/explorer/vendor/${req.params.versions}` === vendor ? loadStylesheet()?.assets.get(req.params.name) : undefined;
    if (!asset) return next();
    immutable(res);
    res.type(asset.type).send(asset.body);
  });
  explorer.get('/vendor/:versions/:name', (req, res, next) => {
    if (!vendor || `/explorer/vendor/${req.params.versions}` !== vendor || !Object.hasOwn(VENDOR, req.params.name)) return next();
    const name = req.params.name as VendorName;
    if (name === 'graphiql.min.css') {
      const sheet = loadStylesheet();
      if (!sheet) return notInstalled(res);
      immutable(res);
      return res.type('text/css').send(sheet.css);
    }
    const file = packageFile(VENDOR[name][0], VENDOR[name][1]);
    if (!file) return notInstalled(res);
    immutable(res);
    res.type('text/javascript').sendFile(file.path);
  });
  explorer.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  router.use('/explorer', explorer);
  return router;
}
