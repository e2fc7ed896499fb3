import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

/**
 * The OTLP exporter (@opentelemetry/otlp-exporter-base) loads node:http with a dynamic import()
 * when it sends its first batch, which jest's module sandbox refuses without
 * --experimental-vm-modules (open-telemetry/opentelemetry-js#6035). This replaces that one module —
 * the transport — with the same steps, node:http imported statically; the serializer, the
 * exporter's queue, retries and the HTTP sending (sendWithHttp) stay the package's own.
 * Import it before anything that loads shared/platform/tracing.ts.
 */
const transportDir = path.join(path.dirname(require.resolve('@opentelemetry/otlp-exporter-base')), 'transport');

interface TransportParameters {
  url: string;
  headers: () => Promise<Record<string, string>>;
  compression: 'gzip' | 'none';
  userAgent?: string;
  agentFactory: (protocol: string) => http.Agent | Promise<http.Agent>;
}

jest.doMock(path.join(transportDir, 'http-exporter-transport.js'), () => {
  const { sendWithHttp } = jest.requireActual<{ sendWithHttp: (...args: unknown[]) => Promise<unknown> }>(path.join(transportDir, 'http-transport-utils.js'));
  return {
    createHttpExporterTransport: (parameters: TransportParameters) => ({
      async send(data: Uint8Array, timeoutMillis: number) {
        const protocol = new URL(parameters.url).protocol;
        const agent = await parameters.agentFactory(protocol);
        const request = protocol === 'http:' ? http.request : https.request;
        return sendWithHttp(request, parameters.url, await parameters.headers(), parameters.compression, parameters.userAgent, agent, data, timeoutMillis);
      },
      shutdown() {},
    }),
  };
});
