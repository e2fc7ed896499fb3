import http from 'node:http';
import https from 'node:https';
import { hostname } from 'node:os';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  context,
  createContextKey,
  diag,
  DiagLogLevel,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { parseKeyPairsIntoRecord, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_NAMESPACE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { pathOf, type PlainHandler } from './plain-http';
import type { Config } from './config';

/**
 * OpenTelemetry traces (docs/operations.md, "Traces"): gateway request → subgraph fetch →
 * subgraph request → SQL statement, one trace id across the five services, carried between them
 * by the W3C `traceparent` header.
 *
 * Every service has a tracer provider of its own with a resource naming it (`service.name` =
 * gateway, staff-development, …), because five services may share one process (`npm start`,
 * the tests) and a collector (Jaeger, Tempo) lists, colours and searches spans by their
 * resource's service.name: an attribute on the span would show all five as one service.
 *
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, spans go there by OTLP/HTTP (JSON) in batches. Without
 * it nothing is recorded or sent, but trace ids are still made and passed on (non-recording
 * spans), so logs and error responses still carry one; SQL statements are then not wrapped at all.
 */

const propagator = new W3CTraceContextPropagator();
/** Statement text kept on a SQL span (its parameters are never recorded: TypeORM binds them as `?`). */
const MAX_STATEMENT_CHARS = 1000;
/** How long a service's stop waits for its last spans to be sent. */
const SHUTDOWN_EXPORT_MS = 2_000;
/** How long one export request may take (the SDK's default is 10 s). */
const EXPORT_TIMEOUT_MS = 5_000;
/** Probes and scrapes: no span (they would bury the requests). */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/** The active context across awaits (AsyncLocalStorage), once per process: the API's context is process-wide. */
let contextManagerSet = false;
function ensureContextManager(): void {
  if (contextManagerSet) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerSet = true;
}

/**
 * The SDK reports a failed export through its process-wide diagnostic logger, silent unless one is
 * set: the first exporting service's log gets them (once per process, as warnings).
 */
let sdkProblemsReported = false;
function reportSdkProblemsTo(log: { warn(details: object, message: string): void }): void {
  if (sdkProblemsReported) return;
  sdkProblemsReported = true;
  const warn = (message: string, ...args: unknown[]) =>
    log.warn({ problem: message, ...(args.length ? { details: args.map(String) } : {}) }, 'OpenTelemetry: spans could not be handled (an export failed?)');
  diag.setLogger({ error: warn, warn, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);
}

/** What a request's log line tells of its GraphQL answer (shared/platform/request-log.ts): set by apolloPlugin. */
export interface RequestNotes {
  /** The codes of the errors the answer carries, if it carries any. */
  errorCodes?: string[];
}

const REQUEST_NOTES = createContextKey('library-federation request notes');

/** The notes of the request being served (none outside a traced request). */
export function requestNotes(): RequestNotes | undefined {
  return context.active().getValue(REQUEST_NOTES) as RequestNotes | undefined;
}

/** The trace id of the active span, if any (log lines and error responses carry it). */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The tracing of every service running in this process (flushTraces). */
const running = new Set<ServiceTracing>();

/** Sends every span ended so far to the collector now (tests, before reading what it received). */
export async function flushTraces(): Promise<void> {
  await Promise.all([...running].map((t) => t.flush()));
}

/** The first word of a statement (SELECT, INSERT, START …) and the table it names first, for a span name. */
function statementSummary(sql: string): { operation: string; table?: string } {
  const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
  const table = /\b(?:FROM|INTO|UPDATE|JOIN)\s+[`"]?(\w+)/i.exec(sql)?.[1];
  return { operation, table };
}

/**
 * The SDK's OTLP/HTTP JSON exporter. Its connections come from node:http/https imported here: its
 * default agent factory loads them with a dynamic import(), which jest's module sandbox refuses.
 */
function exporterTo(endpoint: string): OTLPTraceExporter {
  // Loaded on first use: a service that exports no spans does not carry it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({
    url: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
    timeoutMillis: EXPORT_TIMEOUT_MS,
    httpAgentOptions: (protocol) => (protocol === 'http:' ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true })),
  });
}

export class ServiceTracing {
  readonly tracer: Tracer;
  /** Spans are recorded and exported (OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  readonly exporting: boolean;
  private readonly provider: BasicTracerProvider;

  constructor(
    config: Pick<Config, 'otlpEndpoint' | 'otelResourceAttributes'>,
    readonly service: string,
    /**
     * Continue a trace named by the caller's `traceparent` (subgraphs, which only the gateway and
     * other subgraphs may call). The gateway starts a new trace for each client request: a public
     * client does not choose our trace ids, nor switch recording off with its sampled flag.
     */
    private readonly continueIncoming: boolean,
    /** Where the SDK's own troubles go (a collector that refuses or does not answer): the service's log. */
    log?: { warn(details: object, message: string): void },
  ) {
    ensureContextManager();
    if (config.otlpEndpoint && log) reportSdkProblemsTo(log);
    this.exporting = Boolean(config.otlpEndpoint);
    const resource = resourceFromAttributes({
      ...parseKeyPairsIntoRecord(config.otelResourceAttributes),
      [ATTR_SERVICE_NAMESPACE]: 'library-federation',
      [ATTR_SERVICE_NAME]: service,
      [ATTR_SERVICE_INSTANCE_ID]: `${hostname()}:${process.pid}`,
    });
    this.provider = new BasicTracerProvider({
      resource,
      sampler: this.exporting ? new ParentBasedSampler({ root: new AlwaysOnSampler() }) : new AlwaysOffSampler(),
      spanLimits: { attributeValueLengthLimit: 4096 },
      spanProcessors: this.exporting ? [new BatchSpanProcessor(exporterTo(config.otlpEndpoint!))] : [],
    });
    this.tracer = this.provider.getTracer('library-federation');
    running.add(this);
  }

  /**
   * The span of each HTTP request (except probes and /metrics), kind SERVER, named `POST /graphql`
   * until GraphQL names it after its operation (apolloPlugin). It is the active span for the whole
   * request: the request and response streams are bound to it, so body parsers' callbacks and
   * the request log's line at the end (request-log.ts) run inside it too.
   */
  httpMiddleware(): PlainHandler {
    return (req, res, next) => {
      const path = pathOf(req);
      if (UNTRACED_PATHS.has(path)) return next();
      const parent = this.continueIncoming ? propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter) : ROOT_CONTEXT;
      const mount = `/${path.split('/')[1] ?? ''}`;
      const method = req.method ?? 'GET';
      const span = this.tracer.startSpan(`${method} ${mount}`, { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: path } }, parent);
      const active = trace.setSpan(parent, span).setValue(REQUEST_NOTES, {} satisfies RequestNotes);
      context.bind(active, req);
      context.bind(active, res);
      res.once('close', () => {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(active, next);
    };
  }

  /**
   * Names the request's span after its GraphQL operation (`query LibraryContract`), marks it
   * failed when the answer carries an error that is ours rather than the caller's, and notes the
   * answer's error codes for the request's log line.
   */
  apolloPlugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const active = trace.getActiveSpan();
        const span = active?.isRecording() ? active : undefined;
        const notes = requestNotes();
        if (!span && !notes) return {};
        return {
          didResolveOperation: async ({ operationName, operation }) => {
            if (!span) return;
            const type = operation?.operation ?? 'query';
            span.updateName(operationName ? `${type} ${operationName}` : type);
            span.setAttribute('graphql.operation.type', type);
            if (operationName) span.setAttribute('graphql.operation.name', operationName);
          },
          didEncounterErrors: async ({ errors }) => {
            const codes = [...new Set(errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR')))];
            if (notes) notes.errorCodes = codes;
            if (!span) return;
            span.setAttribute('graphql.error.codes', codes);
            const ours = codes.filter((code) => code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE');
            if (ours.length) span.setStatus({ code: SpanStatusCode.ERROR, message: ours.join(', ') });
          },
        };
      },
    };
  }

  /**
   * Runs an outgoing call in a CLIENT span, child of the active span (without one — a background
   * job — no span is made), and hands `call` the `traceparent` header that continues the trace.
   */
  async client<T>(name: string, attributes: Attributes, call: (headers: Record<string, string>, span: Span | undefined) => Promise<T>): Promise<T> {
    const parent = context.active();
    if (!trace.getSpan(parent)) return call({}, undefined);
    const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
    const active = trace.setSpan(parent, span);
    const headers: Record<string, string> = {};
    propagator.inject(active, headers, defaultTextMapSetter);
    try {
      return await context.with(active, () => call(headers, span));
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  }

  /**
   * Runs one SQL statement in a CLIENT span (its text truncated, no parameter values), child of
   * the active span; outside a request (migrations, jobs) or while not recording, just runs it.
   */
  statement<T>(sql: string, database: { system: string; name: string }, run: () => Promise<T>): Promise<T> {
    if (!trace.getActiveSpan()?.isRecording()) return run();
    const { operation, table } = statementSummary(sql);
    const span = this.tracer.startSpan(table ? `${operation} ${table}` : operation, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_DB_SYSTEM_NAME]: database.system,
        [ATTR_DB_NAMESPACE]: database.name,
        [ATTR_DB_OPERATION_NAME]: operation,
        [ATTR_DB_QUERY_TEXT]: sql.length > MAX_STATEMENT_CHARS ? `${sql.slice(0, MAX_STATEMENT_CHARS)}…` : sql,
      },
    });
    return run().then(
      (result) => {
        span.end();
        return result;
      },
      (err: unknown) => {
        const e = err as { code?: unknown; driverError?: { code?: unknown } };
        const code = e.driverError?.code ?? e.code;
        span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'error' });
        span.end();
        throw err;
      },
    );
  }

  /** Exports the spans ended so far. */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  /**
   * Exports what is left and stops (the service's stop()), within SHUTDOWN_EXPORT_MS: a collector
   * that is down or slow costs the shutdown no more, and does not fail it (the spans are lost).
   */
  async shutdown(): Promise<void> {
    running.delete(this);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_EXPORT_MS);
    });
    await Promise.race([this.provider.shutdown().catch(() => undefined), late]);
    clearTimeout(timer);
  }
}
