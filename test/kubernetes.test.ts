import fs from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments, parse } from 'yaml';
import { gatewayPublicKeyFor } from '../shared/platform/auth';
import { DEFAULT_PORTS, loadConfig, requireProductionSecrets } from '../shared/platform/config';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';

/**
 * deploy/kubernetes is checked offline: every object against the Kubernetes schema of
 * kubernetes-models (the API's OpenAPI definitions compiled to validators), then what matters
 * to these services: probes, environment, drain timing, disruption budgets, the image.
 */

const DIR = 'deploy/kubernetes';
const SERVICES = ['gateway', ...SUBGRAPH_NAMES] as const;

/** The schema of each kind used here. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Namespace': Namespace,
};

/** Throws the schema's complaint, or the kind's absence from MODELS. */
function validate(object: any): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

const manifestFiles = fs.readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const objects = manifestFiles.flatMap((file) =>
  parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    return { file, object: doc.toJS() };
  }),
);
const ofKind = (kind: string) => objects.filter((o) => o.object.kind === kind).map((o) => o.object);
const deployment = (name: string) => ofKind('Deployment').find((d) => d.metadata.name === name);
const containerOf = (name: string) => deployment(name).spec.template.spec.containers[0];
const configMap = ofKind('ConfigMap')[0];
const secretExample = ofKind('Secret')[0];

/** The environment the container gets: the ConfigMap's values, then its own (secrets with a real-looking value of the test's). */
function environmentOf(name: string, secrets: Record<string, string>): Record<string, string> {
  const container = containerOf(name);
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    expect(from.configMapRef.name).toBe(configMap.metadata.name);
    Object.assign(env, configMap.data);
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) {
      expect(e.valueFrom.secretKeyRef.name).toBe(secretExample.metadata.name);
      const value = secrets[e.valueFrom.secretKeyRef.key];
      if (value !== undefined) env[e.name] = value;
      else expect(e.valueFrom.secretKeyRef.optional).toBe(true);
    } else {
      env[e.name] = e.value;
    }
  }
  return env;
}

const GATEWAY_SECRET = 'a-gateway-secret-of-the-operator-0123456789';
const SECRETS = {
  DATABASE_URL: 'mysql://library:s3cret@mariadb:3306',
  JWT_SECRET: 'a-jwt-secret-of-the-operator-0123456789abcdef',
  GATEWAY_SECRET,
  GATEWAY_PUBLIC_KEY: gatewayPublicKeyFor(GATEWAY_SECRET),
  SERVICE_SECRET: 'a-service-secret-of-the-operator-0123456789',
  METRICS_TOKEN: 'a-metrics-token-of-the-operator-0123456789',
};

describe('the Kubernetes manifests (deploy/kubernetes)', () => {
  it('are valid Kubernetes objects, every one of them', () => {
    expect(objects.length).toBeGreaterThanOrEqual(SERVICES.length * 3 + 2);
    for (const { file, object } of objects) {
      expect(() => validate(object)).not.toThrow();
      // A DNS label, as Services and the other services' URLs need.
      expect(`${file}: ${object.metadata.name}`).toMatch(/: [a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it('fail validation when broken: a port that is not a number, a Deployment without a selector, a memory limit in the wrong unit', () => {
    const broken = [
      (d: any) => (d.spec.template.spec.containers[0].ports[0].containerPort = 'http'),
      (d: any) => delete d.spec.selector,
      (d: any) => (d.spec.template.spec.containers[0].resources.limits.memory = '512 MB'),
    ];
    for (const breakIt of broken) {
      const copy = structuredClone(deployment('collections'));
      breakIt(copy);
      expect(() => validate(copy)).toThrow(/must/);
    }
  });

  it('are all applied by kustomization.yaml, except the example Secret', () => {
    const kustomization = parse(fs.readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'));
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(manifestFiles.filter((f) => f !== 'secret.example.yaml').sort());
    expect(kustomization.images.map((i: { name: string }) => i.name)).toEqual(['library-federation']);
  });

  it.each(SERVICES)('run %s as a Deployment of at least two replicas, with a Service and a PodDisruptionBudget that keeps one', (name) => {
    const d = deployment(name);
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    const labels = d.spec.template.metadata.labels;
    expect(labels).toMatchObject(d.spec.selector.matchLabels);
    const service = ofKind('Service').find((s) => s.metadata.name === name);
    expect(labels).toMatchObject(service.spec.selector);
    expect(service.spec.ports).toEqual([{ name: 'http', port: DEFAULT_PORTS[name], targetPort: 'http' }]);
    const pdbs = ofKind('PodDisruptionBudget').filter((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
    expect(pdbs).toHaveLength(1);
    expect(pdbs[0].spec.minAvailable).toBeLessThan(d.spec.replicas);
  });

  it.each(SERVICES)('checks %s ready at /ready and alive at /health, on its container port', (name) => {
    const container = containerOf(name);
    const [port] = container.ports;
    expect(port.containerPort).toBe(DEFAULT_PORTS[name]);
    const portOf = (probe: any) => (probe.httpGet.port === port.name ? port.containerPort : probe.httpGet.port);
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(portOf(container.readinessProbe)).toBe(DEFAULT_PORTS[name]);
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(portOf(container.livenessProbe)).toBe(DEFAULT_PORTS[name]);
    // /ready waits READY_TIMEOUT_MS for the database: the probe waits longer.
    expect(container.readinessProbe.timeoutSeconds * 1000).toBeGreaterThan(loadConfig({ NODE_ENV: 'test' }).readyTimeoutMs);
  });

  it.each(SERVICES)('starts %s with every setting production requires, on MySQL, listening on every interface', (name) => {
    const env = environmentOf(name, SECRETS);
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(() => requireProductionSecrets(config, { gateway: name === 'gateway', subgraph: name !== 'gateway' })).not.toThrow();
    expect(config.host).toBe('0.0.0.0');
    expect(config.ports[name]).toBe(DEFAULT_PORTS[name]);
    // MySQL/MariaDB: nothing is written to the (read-only) filesystem.
    expect(config.databaseUrl).toBe(SECRETS.DATABASE_URL);
    expect(config.metricsToken).toBe(SECRETS.METRICS_TOKEN);
    for (const subgraph of SUBGRAPH_NAMES) expect(config.subgraphUrls[subgraph]).toBe(`http://${subgraph}:${DEFAULT_PORTS[subgraph]}/graphql`);
  });

  it('gives each secret only to the services that need it, and the example Secret only placeholders the services refuse', () => {
    const secretNames = (name: string) =>
      containerOf(name)
        .env.filter((e: any) => e.valueFrom?.secretKeyRef)
        .map((e: any) => e.name);
    expect(secretNames('gateway')).toEqual(expect.arrayContaining(['JWT_SECRET', 'GATEWAY_SECRET']));
    expect(secretNames('gateway')).not.toContain('SERVICE_SECRET');
    for (const name of SUBGRAPH_NAMES) {
      expect(secretNames(name)).toEqual(expect.arrayContaining(['GATEWAY_PUBLIC_KEY', 'SERVICE_SECRET']));
      expect(secretNames(name)).not.toEqual(expect.arrayContaining(['JWT_SECRET']));
      expect(secretNames(name)).not.toContain('GATEWAY_SECRET');
    }
    // No secret in the ConfigMap.
    expect(Object.keys(configMap.data).filter((k) => /SECRET|TOKEN|PASSWORD|DATABASE_URL|KEY/.test(k))).toEqual([]);
    const placeholders = secretExample.stringData as Record<string, string>;
    expect(Object.keys(placeholders).sort()).toEqual(Object.keys(SECRETS).sort());
    expect(() => loadConfig(environmentOf('gateway', placeholders))).toThrow(/at least 32 characters/);
  });

  it.each(SERVICES)('gives %s longer to stop than its preStop sleep, SHUTDOWN_GRACE_MS and the database close together', (name) => {
    const pod = deployment(name).spec.template.spec;
    const container = pod.containers[0];
    const [sleep, seconds] = container.lifecycle.preStop.exec.command;
    expect(sleep).toBe('sleep');
    expect(Number(seconds)).toBeGreaterThan(0);
    const grace = loadConfig(environmentOf(name, SECRETS)).shutdownGraceMs;
    // main.ts allows the databases 5 s to close after the grace period.
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(seconds) * 1000 + grace + 5_000);
  });

  it.each(SERVICES)('runs %s from the Dockerfile image and command, as its non-root user, on a read-only root filesystem', (name) => {
    const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
    const compose = parse(fs.readFileSync('docker-compose.yml', 'utf8'), { merge: true });
    const container = containerOf(name);
    expect(container.image.split(':')[0]).toBe(compose.services[name].image.split(':')[0]);
    expect(container.command).toEqual(compose.services[name].command);
    expect(container.command.slice(0, 2)).toEqual(JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]).slice(0, 2));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE .*\\b${DEFAULT_PORTS[name]}\\b`, 'm'));
    const pod = deployment(name).spec.template.spec;
    // The image's user is `node`, uid 1000 in the official Node images.
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const resources = container.resources;
    expect(Object.keys(resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(resources.limits).sort()).toEqual(['cpu', 'memory']);
  });
});
