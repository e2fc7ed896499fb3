import fs from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import {
  Kind,
  OperationTypeNode,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isUnionType,
  parse,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

/**
 * The schema reference: one HTML page generated from the API schema — every query, mutation and
 * type with its description, arguments, deprecations and links between types — and, under each
 * query and mutation, the examples of the README and docs/ that use it (the same examples
 * test/docs.test.ts runs). Nothing is loaded from another host: the page works offline, served by
 * the gateway at `/reference` next to the explorer (outside production, as the explorer), or written
 * to a file with `npm run schema:reference -- <file>` to hand to a partner.
 *
 * Why not a generator from npm: graphdoc (last release 2019) needs graphql 0.x; SpectaQL builds its
 * page with grunt, sass and CoffeeScript and writes its own example queries, not ours; Magidoc is a
 * Svelte build. graphql-js walks the schema; the page is a few templates.
 */

/** A documented example: a ```graphql block of a Markdown page and the root fields it calls. */
export interface ReferenceExample {
  page: string;
  text: string;
  /** `Query.deskLoans`, `Mutation.checkoutItem` … */
  coordinates: string[];
}

/** The ```graphql blocks of README.md and docs/*.md under `root`, with the root fields each calls. */
export function documentedExamples(root = process.cwd()): ReferenceExample[] {
  const docs = path.join(root, 'docs');
  const pages = [
    'README.md',
    ...(fs.existsSync(docs)
      ? fs
          .readdirSync(docs)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => path.posix.join('docs', f))
      : []),
  ].filter((p) => fs.existsSync(path.join(root, p)));
  return pages.flatMap((page) =>
    [...fs.readFileSync(path.join(root, page), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap(([, text]) => {
      try {
        const coordinates = parse(text).definitions.flatMap((d) => {
          if (d.kind !== Kind.OPERATION_DEFINITION) return [];
          const root = d.operation === OperationTypeNode.MUTATION ? 'Mutation' : d.operation === OperationTypeNode.QUERY ? 'Query' : 'Subscription';
          return d.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [`${root}.${s.name.value}`] : []));
        });
        return [{ page, text: text.trimEnd(), coordinates: [...new Set(coordinates)] }];
      } catch {
        return []; // not a document (a fragment of one shown in prose)
      }
    }),
  );
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A description as HTML: paragraphs, `code` spans; everything else as text. */
function prose(text: string | null | undefined): string {
  if (!text?.trim()) return '';
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
}

const anchor = (coordinate: string) => coordinate.replace(/[^A-Za-z0-9_.]/g, '-');

/** `[Loan!]!` with the named type linked to its entry. */
function typeRef(type: GraphQLType): string {
  const named = getNamedType(type);
  const text = escapeHtml(String(type));
  return text.replace(named.name, `<a href="#${anchor(named.name)}">${named.name}</a>`);
}

function deprecation(reason: string | null | undefined): string {
  return reason ? `<p class="deprecated"><strong>Deprecated:</strong> ${escapeHtml(reason)}</p>` : '';
}

function argumentsTable(args: readonly (GraphQLArgument | GraphQLInputField)[], owner: string): string {
  if (!args.length) return '';
  const rows = args
    .map(
      (a) =>
        `<tr id="${anchor(`${owner}(${a.name}:)`)}"><td><code>${a.name}</code></td><td><code>${typeRef(a.type)}</code>${
          a.defaultValue !== undefined ? ` <span class="default">= ${escapeHtml(JSON.stringify(a.defaultValue))}</span>` : ''
        }</td><td>${prose(a.description)}${deprecation(a.deprecationReason)}</td></tr>`,
    )
    .join('');
  return `<table class="args"><thead><tr><th>Argument</th><th>Type</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function examplesOf(coordinate: string, examples: ReferenceExample[]): string {
  const mine = examples.filter((e) => e.coordinates.includes(coordinate));
  if (!mine.length) return '';
  return `<details class="examples"><summary>Examples (${mine.length})</summary>${mine
    .map((e) => `<p class="source">From <code>${escapeHtml(e.page)}</code></p><pre><code>${escapeHtml(e.text)}</code></pre>`)
    .join('')}</details>`;
}

function rootField(typeName: string, field: GraphQLField<unknown, unknown>, examples: ReferenceExample[]): string {
  const coordinate = `${typeName}.${field.name}`;
  return `<section class="entry" id="${anchor(coordinate)}"><h3><code>${field.name}</code>: <code>${typeRef(field.type)}</code></h3>${prose(field.description)}${deprecation(
    field.deprecationReason,
  )}${argumentsTable(field.args, coordinate)}${examplesOf(coordinate, examples)}</section>`;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'type';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input';
  return 'scalar';
}

function namedType(type: GraphQLNamedType): string {
  let body = '';
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    const fields: (GraphQLField<unknown, unknown> | GraphQLInputField)[] = isInputObjectType(type) ? Object.values(type.getFields()) : Object.values(type.getFields());
    body = `<table class="fields"><thead><tr><th>Field</th><th>Type</th><th></th></tr></thead><tbody>${fields
      .map((f) => {
        const coordinate = `${type.name}.${f.name}`;
        const args = 'args' in f && f.args.length ? argumentsTable(f.args, coordinate) : '';
        return `<tr id="${anchor(coordinate)}"><td><code>${f.name}</code></td><td><code>${typeRef(f.type)}</code></td><td>${prose(f.description)}${deprecation(
          f.deprecationReason,
        )}${args}</td></tr>`;
      })
      .join('')}</tbody></table>`;
    if (isObjectType(type) && type.getInterfaces().length) {
      body = `<p>Implements ${type
        .getInterfaces()
        .map((i) => `<a href="#${anchor(i.name)}">${i.name}</a>`)
        .join(', ')}</p>${body}`;
    }
  } else if (isUnionType(type)) {
    body = `<p>One of ${type
      .getTypes()
      .map((t) => `<a href="#${anchor(t.name)}">${t.name}</a>`)
      .join(', ')}</p>`;
  } else if (isEnumType(type)) {
    body = `<table class="values"><thead><tr><th>Value</th><th></th></tr></thead><tbody>${type
      .getValues()
      .map((v) => `<tr id="${anchor(`${type.name}.${v.name}`)}"><td><code>${v.name}</code></td><td>${prose(v.description)}${deprecation(v.deprecationReason)}</td></tr>`)
      .join('')}</tbody></table>`;
  }
  return `<section class="entry" id="${anchor(type.name)}"><h3><span class="kind">${kindOf(type)}</span> <code>${type.name}</code></h3>${prose(type.description)}${body}</section>`;
}

export const REFERENCE_CSS = `body { font: 15px/1.5 system-ui, sans-serif; margin: 0; display: flex; color: #1f2328; }
nav { width: 18rem; height: 100vh; overflow-y: auto; position: sticky; top: 0; border-right: 1px solid #d0d7de; padding: 1rem; box-sizing: border-box; flex-shrink: 0; }
nav input { width: 100%; padding: .3rem; margin-bottom: .5rem; box-sizing: border-box; }
nav ul { list-style: none; padding: 0; margin: 0 0 1rem; }
nav li a { display: block; padding: .05rem 0; text-decoration: none; font-family: ui-monospace, monospace; font-size: 13px; overflow: hidden; text-overflow: ellipsis; }
main { padding: 1rem 2rem 4rem; max-width: 60rem; min-width: 0; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; margin-top: 2.5rem; }
.entry { margin: 1.5rem 0; padding-top: .5rem; border-top: 1px solid #eaeef2; }
.kind { color: #6e7781; font-weight: normal; font-size: 13px; text-transform: uppercase; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: 14px; table-layout: fixed; }
th:first-child { width: 28%; } table.fields th:nth-child(2), table.args th:nth-child(2) { width: 28%; }
td { overflow-wrap: anywhere; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; }
td p { margin: 0 0 .3rem; }
table.args { margin-left: 0; font-size: 13px; }
code { font-family: ui-monospace, monospace; font-size: 13px; }
pre { background: #f6f8fa; padding: .7rem; overflow-x: auto; }
.deprecated { color: #9a6700; }
.default, .source { color: #6e7781; }
.hidden { display: none; }
@media (max-width: 700px) { body { display: block; } nav { width: auto; height: auto; position: static; border-right: 0; } main { padding: 1rem; } }
`;

/** Filters the index as one types (a file: the served page allows no inline script). */
export const REFERENCE_JS = `'use strict';
document.getElementById('filter').addEventListener('input', function (e) {
  var q = e.target.value.toLowerCase();
  document.querySelectorAll('nav li').forEach(function (li) { li.classList.toggle('hidden', li.textContent.toLowerCase().indexOf(q) < 0); });
});
`;

/**
 * The whole page. `assets: 'linked'` points at /reference/reference.css|js (the served page, whose
 * policy allows no inline style or script); `'inline'` puts them in the page (a file to open offline).
 */
export function renderSchemaReference(
  schema: GraphQLSchema,
  examples: ReferenceExample[],
  options: { assets: 'linked' | 'inline'; title?: string } = { assets: 'linked' },
): string {
  const title = options.title ?? 'Library federation · schema reference';
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((t): t is NonNullable<typeof t> => !!t);
  const rootNames = new Set(roots.map((r) => r.name));
  const types = Object.values(schema.getTypeMap())
    .filter((t) => !isIntrospectionType(t) && !rootNames.has(t.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const index = (items: { href: string; label: string }[]) => `<ul>${items.map((i) => `<li><a href="#${anchor(i.href)}">${escapeHtml(i.label)}</a></li>`).join('')}</ul>`;
  const nav = `<nav><input id="filter" type="search" placeholder="Filter" aria-label="Filter the index">${roots
    .map(
      (r) =>
        `<h4>${r.name === 'Query' ? 'Queries' : 'Mutations'}</h4>${index(
          Object.keys(r.getFields())
            .sort()
            .map((f) => ({ href: `${r.name}.${f}`, label: f })),
        )}`,
    )
    .join('')}<h4>Types</h4>${index(types.map((t) => ({ href: t.name, label: t.name })))}</nav>`;
  const sections = roots
    .map(
      (r) =>
        `<h2 id="${r.name}">${r.name === 'Query' ? 'Queries' : 'Mutations'}</h2>${prose(r.description)}${Object.values(r.getFields())
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((f) => rootField(r.name, f, examples))
          .join('')}`,
    )
    .join('');
  const head =
    options.assets === 'inline'
      ? `<style>${REFERENCE_CSS}</style>`
      : '<link rel="stylesheet" href="/reference/reference.css"><script src="/reference/reference.js" defer></script>';
  const tail = options.assets === 'inline' ? `<script>${REFERENCE_JS}</script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
${nav}
<main>
<h1>${escapeHtml(title)}</h1>
<p>Every query, mutation and type of the API, with the examples of the README and docs/ that use them. Try a query in the <a href="/explorer">API explorer</a>.</p>
${sections}
<h2 id="types">Types</h2>
${types.map(namedType).join('\n')}
</main>
${tail}
</body>
</html>
`;
}

const REFERENCE_CSP = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; ');

/**
 * `/reference` (the page, built once per schema), `/reference/reference.css|js`. Mount it outside
 * production, next to the explorer.
 */
export function referenceRouter(options: { schema: () => GraphQLSchema | undefined; root?: string }): Router {
  const router = Router();
  let built: { schema: GraphQLSchema; html: string } | undefined;
  const secure = (res: Response) => {
    res.setHeader('content-security-policy', REFERENCE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  };
  router.get('/reference', (_req, res) => {
    secure(res);
    const schema = options.schema();
    if (!schema) return void res.status(503).type('text/plain').send('The schema is not loaded yet');
    if (built?.schema !== schema) built = { schema, html: renderSchemaReference(schema, documentedExamples(options.root)) };
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(built.html);
  });
  router.get('/reference/reference.css', (_req, res) => {
    secure(res);
    res.type('css').send(REFERENCE_CSS);
  });
  router.get('/reference/reference.js', (_req, res) => {
    secure(res);
    res.type('application/javascript').send(REFERENCE_JS);
  });
  return router;
}
