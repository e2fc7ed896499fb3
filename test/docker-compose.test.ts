import fs from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_PORTS, databaseName, loadConfig } from '../shared/platform/config';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { SUBGRAPHS } from '../subgraphs';

/** docker has no engine on the build machines: the file is checked against the configuration. */
describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync('docker-compose.yml', 'utf8'), { merge: true });
  const services = compose.services as Record<string, any>;

  it('has MySQL 8, the gateway and one service per registered subgraph, and nothing else', () => {
    expect(Object.keys(services).sort()).toEqual(['gateway', 'mysql', ...SUBGRAPHS.map((s) => s.name)].sort());
    expect(services.mysql.image).toMatch(/^mysql:8/);
  });

  it.each(SUBGRAPH_NAMES)('runs %s from the one image with its own command, port and the shared DATABASE_URL', (name) => {
    const service = services[name];
    expect(service.build).toBe('.');
    expect(service.command).toEqual(['node', 'dist/main.js', name]);
    const portVar = `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
    expect(service.environment[portVar]).toBe(String(DEFAULT_PORTS[name]));
    expect(service.environment.DATABASE_URL).toMatch(/^mysql:\/\/.*@mysql:3306$/);
    expect(service.healthcheck.test.join(' ')).toContain(`:${DEFAULT_PORTS[name]}/ready`);
    // the database it will use is named after it
    expect(databaseName(loadConfig({ NODE_ENV: 'test' }), name)).toBe(name.replace(/-/g, '_'));
  });

  it('points the gateway at every subgraph by its compose service name and port', () => {
    const env = services.gateway.environment;
    expect(services.gateway.command).toEqual(['node', 'dist/main.js', 'gateway']);
    expect(services.gateway.ports).toContain(`${DEFAULT_PORTS.gateway}:${DEFAULT_PORTS.gateway}`);
    const config = loadConfig({ ...env, NODE_ENV: 'test' });
    for (const name of SUBGRAPH_NAMES) {
      expect(config.subgraphUrls[name]).toBe(`http://${name}:${DEFAULT_PORTS[name]}/graphql`);
      expect(services.gateway.depends_on[name]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('lets every subgraph find staff-development, whose calendars and directory they read', () => {
    for (const name of SUBGRAPH_NAMES) {
      const config = loadConfig({ ...services[name].environment, NODE_ENV: 'test' });
      expect(config.subgraphUrls['staff-development']).toBe(`http://staff-development:${DEFAULT_PORTS['staff-development']}/graphql`);
    }
  });

  it('passes the notice transports to collections, off unless set', () => {
    const config = loadConfig({ ...services.collections.environment, SMTP_URL: '', NOTICE_WEBHOOK_URL: '', NODE_ENV: 'test' });
    expect(Object.keys(services.collections.environment)).toEqual(expect.arrayContaining(['SMTP_URL', 'NOTICE_FROM', 'NOTICE_WEBHOOK_URL', 'NOTICE_WEBHOOK_SECRET']));
    expect(config.notices.smtpUrl).toBeUndefined();
    expect(config.notices.webhookUrl).toBeUndefined();
  });

  it('ships the console page, which the TypeScript build leaves out', () => {
    expect(fs.readFileSync('Dockerfile', 'utf8')).toMatch(/cp -r gateway\/console dist\/gateway\/console/);
  });

  it('builds every service from a Dockerfile that compiles the project and ships the supergraph', () => {
    const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/supergraph\.graphql/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main\.js"\]/);
  });

  it('runs production with secrets that must be supplied, each only where it is needed', () => {
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) {
      const env = services[name].environment;
      expect(env.NODE_ENV).toBe('production');
      // the services listen on 127.0.0.1 unless told otherwise; in a container, on every interface
      expect(env.HOST).toBe('0.0.0.0');
    }
    const gateway = services.gateway.environment;
    expect(gateway.JWT_SECRET).toMatch(/\$\{JWT_SECRET:\?/);
    expect(gateway.GATEWAY_SECRET).toMatch(/\$\{GATEWAY_SECRET:\?/);
    expect(Object.keys(gateway)).not.toContain('SERVICE_SECRET');
  });

  it.each(SUBGRAPH_NAMES)('gives %s the public key of the gateway and SERVICE_SECRET, never GATEWAY_SECRET or JWT_SECRET', (name) => {
    const env = services[name].environment;
    expect(env.GATEWAY_PUBLIC_KEY).toMatch(/\$\{GATEWAY_PUBLIC_KEY:\?/);
    expect(env.SERVICE_SECRET).toMatch(/\$\{SERVICE_SECRET:\?/);
    expect(Object.keys(env)).not.toContain('GATEWAY_SECRET');
    expect(Object.keys(env)).not.toContain('JWT_SECRET');
  });

  it('listens on every interface in the image (HOST=0.0.0.0), which is a container', () => {
    expect(fs.readFileSync('Dockerfile', 'utf8')).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
  });
});
