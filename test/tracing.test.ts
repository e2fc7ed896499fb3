// First: the exporter's transport as jest can load it.
import './helpers/otlp-transport';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { flushTraces } from '../shared/platform/tracing';
import { BACKENDS, CONTRACT_QUERY, codes, startFederation, type Federation } from './helpers/federation';

/** One span as an OTLP/HTTP JSON export carries it, with its resource's service.name. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
type OtlpAttribute = { key: string; value: OtlpValue };
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        startTimeUnixNano: string;
        endTimeUnixNano: string;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

const valueOf = (v: OtlpValue): unknown => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.arrayValue?.values?.map(valueOf)));
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** A tiny OpenTelemetry collector: it accepts OTLP/HTTP JSON trace exports at /v1/traces and keeps their spans. */
async function startCollector() {
  const spans: ReceivedSpan[] = [];
  let exports = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports += 1;
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !req.headers['content-type']?.includes('json')) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
      for (const rs of body.resourceSpans ?? []) {
        const service = String(attributesOf(rs.resource?.attributes)['service.name']);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              name: s.name,
              kind: s.kind,
              startNs: BigInt(s.startTimeUnixNano),
              endNs: BigInt(s.endTimeUnixNano),
              attributes: attributesOf(s.attributes),
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    exports: () => exports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SERVER = 2;
/** pino's numeric levels. */
const DEBUG = 20;
const INFO = 30;
const CLIENT = 3;

/** The spans of one trace as an indented tree: name, service and duration (the docs' example is printed from it). */
function tree(spans: ReceivedSpan[]): string {
  const children = (id?: string) => spans.filter((s) => s.parentSpanId === id).sort((a, b) => Number(a.startNs - b.startNs));
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, depth: number) => {
    const ms = Number(span.endNs - span.startNs) / 1e6;
    lines.push(`${'  '.repeat(depth)}${span.name}  [${span.service}]  ${ms.toFixed(1)} ms`);
    for (const child of children(span.spanId)) walk(child, depth + 1);
  };
  for (const root of spans.filter((s) => !s.parentSpanId || !spans.some((p) => p.spanId === s.parentSpanId))) walk(root, 0);
  return lines.join('\n');
}

/** Does `span` lie beneath `ancestor` in its trace? */
function beneath(spans: ReceivedSpan[], span: ReceivedSpan, ancestor: ReceivedSpan): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let s: ReceivedSpan | undefined = span; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) if (s.parentSpanId === ancestor.spanId) return true;
  return false;
}

describe.each(BACKENDS)('traces across gateway, subgraphs and SQL (%s)', (backend) => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let fed: Federation;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    collector = await startCollector();
    fed = await startFederation(backend, {
      config: { otlpEndpoint: collector.url, logLevel: 'debug', logStream: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) } },
    });
  }, 120_000);

  afterAll(async () => {
    await fed?.stop();
    await collector?.close();
  });

  it('follows the contract query under one trace id: the gateway operation, its fetch of each subgraph, each subgraph request, and the SQL beneath', async () => {
    const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    // Twice: the trace read is the second, warm one (the first opens connections and fills caches).
    for (let run = 0; run < 2; run++) expect((await fed.query(`query LibraryContract ${CONTRACT_QUERY.trim()}`, { token })).errors).toBeUndefined();
    await flushTraces();

    const root = collector.spans.filter((s) => s.service === 'gateway' && s.name === 'query LibraryContract')[1];
    expect(root).toBeDefined();
    expect(root.kind).toBe(SERVER);
    expect(root.parentSpanId).toBeUndefined();
    const trace = collector.spans.filter((s) => s.traceId === root.traceId);
    if (process.env.PRINT_TRACE) console.log(`${backend}:\n${tree(trace)}`);

    const fetches = trace.filter((s) => s.service === 'gateway' && s.kind === CLIENT);
    expect(new Set(fetches.map((s) => s.attributes['subgraph.name']))).toEqual(new Set(SUBGRAPH_NAMES));
    expect(fetches.every((s) => s.parentSpanId === root.spanId && s.attributes['subgraph.outcome'] === 'ok')).toBe(true);

    for (const name of SUBGRAPH_NAMES) {
      const requests = trace.filter((s) => s.service === name && s.kind === SERVER && s.parentSpanId && fetches.some((f) => f.spanId === s.parentSpanId));
      expect(requests.length).toBeGreaterThan(0);
      // Named after the operation the gateway sent it (LibraryContract__collections__1 …).
      expect(requests.every((s) => s.name.startsWith('query LibraryContract__'))).toBe(true);
      const statements = trace.filter((s) => s.service === name && s.attributes['db.query.text'] !== undefined);
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.every((s) => requests.some((r) => beneath(trace, s, r)))).toBe(true);
      expect(statements.every((s) => (backend === 'sqlite' ? /^sqlite$/ : /^(mariadb|mysql)$/).test(String(s.attributes['db.system.name'])))).toBe(true);
    }
  });

  it('keeps parameter values out of the SQL spans', async () => {
    const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    expect((await fed.query('query FindKupang { library(id: "kupang") { id librarians(first: 1) { totalCount } } }', { token })).errors).toBeUndefined();
    await flushTraces();
    const root = collector.spans.find((s) => s.name === 'query FindKupang')!;
    const statements = collector.spans.filter((s) => s.traceId === root.traceId && s.attributes['db.query.text'] !== undefined);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.some((s) => String(s.attributes['db.query.text']).includes('?'))).toBe(true);
    expect(statements.every((s) => !String(s.attributes['db.query.text']).includes('kupang'))).toBe(true);
  });

  it('continues the trace through a call one subgraph makes to another (the directory a province-bound analyst needs)', async () => {
    const token = await fed.token({ role: 'GOVERNMENT', province: 'Jawa Timur' });
    const res = await fed.query('query ProvinceEvents { libraries { id events(first: 1) { totalCount } } }', { token });
    expect(res.errors).toBeUndefined();
    await flushTraces();
    const root = collector.spans.find((s) => s.name === 'query ProvinceEvents')!;
    const calls = collector.spans.filter((s) => s.traceId === root.traceId && s.name === 'call LibraryDirectory');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.kind).toBe(CLIENT);
      // The directory's owner answers in a request span of its own, child of the call.
      expect(collector.spans.some((s) => s.parentSpanId === call.spanId && s.service === 'staff-development' && s.kind === SERVER)).toBe(true);
    }
  });

  it("gives a refused request's error the id of its trace, and that id is in the log lines of the gateway and the subgraph that refused", async () => {
    const token = await fed.token({ role: 'GOVERNMENT' });
    const res = await fed.query('query KupangMembers { library(id: "kupang") { id members(first: 1) { totalCount } } }', { token });
    expect(codes(res)).toEqual(['FORBIDDEN']);
    const traceId = res.errors![0].extensions!.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    await flushTraces();
    const root = collector.spans.find((s) => s.name === 'query KupangMembers')!;
    expect(root.traceId).toBe(traceId);
    expect(root.attributes['graphql.error.codes']).toEqual(['FORBIDDEN']);
    expect(collector.spans.some((s) => s.traceId === traceId && s.service === 'collections' && s.kind === SERVER)).toBe(true);
    const lines = logs.filter((line) => line.traceId === traceId);
    expect(new Set(lines.map((line) => line.service))).toEqual(new Set(['gateway', 'staff-development', 'collections']));
    // The request lines: at info where the answer carried the refusal, naming it; at debug where all went well.
    const requestLines = lines.filter((line) => line.msg === 'request completed');
    const levelOf = (service: string) => requestLines.filter((line) => line.service === service).map((line) => [line.level, line.graphqlErrors]);
    expect(levelOf('gateway')).toEqual([[INFO, ['FORBIDDEN']]]);
    expect(levelOf('collections')).toEqual([[INFO, ['FORBIDDEN']]]);
    expect(levelOf('staff-development')).toEqual([[DEBUG, undefined]]);
  });
});

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let fed: Federation;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    collector = await startCollector();
    fed = await startFederation('sqlite', {
      // A request that went well is logged only when slow (SLOW_REQUEST_MS): not this test's subject,
      // and on a loaded machine a request can take a second.
      config: {
        otlpEndpoint: undefined,
        logLevel: 'info',
        slowRequestMs: 60_000,
        logStream: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await fed?.stop();
    await collector?.close();
  });

  it('sends nothing anywhere, answers as before, writes no line for a request that went well, and gives an error and the lines of the services that refused it one trace id', async () => {
    const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    const contract = await fed.query(`query LibraryContract ${CONTRACT_QUERY.trim()}`, { token });
    expect(contract.errors).toBeUndefined();
    expect(contract.data.library.items.edges).toHaveLength(3);
    // At the default level a request that went well writes no line (SLOW_REQUEST_MS is far off).
    expect(logs.filter((line) => line.msg === 'request completed')).toEqual([]);

    const refused = await fed.query('query KupangMembers { library(id: "kupang") { id members(first: 1) { totalCount } } }', { token: await fed.token({ role: 'GOVERNMENT' }) });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const traceId = refused.errors![0].extensions!.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    // staff-development answered the library without an error: its line is at debug, not written.
    expect(new Set(logs.filter((line) => line.traceId === traceId).map((line) => line.service))).toEqual(new Set(['gateway', 'collections']));

    await flushTraces();
    expect(collector.exports()).toBe(0);
  });
});
