import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { demoId } from '../shared/domain/demo';
import { generateWebhookSecret } from '../shared/platform/standard-webhooks';
import { PartnerWebhook } from '../subgraphs/partnerships/webhooks/partner-webhook.entity';
import { deliverDueWebhooks } from '../subgraphs/partnerships/webhooks/webhook.worker';
import { startFederation, type Federation } from './helpers/federation';

/**
 * examples/partner-client, the program a partner's developer starts from: its generated types
 * are those of the current schema, it compiles under its own strict tsconfig, and, run as a
 * partner would run it against the federation, it signs in, lists the partner's agreements and
 * programmes and verifies the webhook deliveries it receives. A schema change that breaks it fails here.
 */

const ROOT = path.resolve(__dirname, '..');
const PARTNER_CLIENT_DIR = path.join(ROOT, 'examples', 'partner-client');
const school = demoId('partner', 'kupang', 0); // the demo account `mitra`
const schoolAgreement = demoId('agreement', 'kupang', school, 0);
const DEMO_PASSWORD = 'baca-buku-2026';

/** Runs a Node command line from the repository's root; a failure throws with what it printed. */
async function node(what: string, args: string[]): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, args, { cwd: ROOT });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${what} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The example's schema and generated types made afresh (npm run codegen:partner), into a folder of their own. */
const generate = (outDir: string) => node('npm run codegen:partner', ['-r', 'ts-node/register/transpile-only', 'scripts/partner-codegen.ts', '--out', outDir]);

/** The example compiled by the real TypeScript compiler, into a folder of its own. */
const compile = (outDir: string) => node('tsc -p examples/partner-client', [require.resolve('typescript/bin/tsc'), '-p', PARTNER_CLIENT_DIR, '--outDir', outDir]);

/** Every file under a folder, relative to it. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
    : [];

/** The compiled program as a child process: its output lines, a wait for a line, and its exit code. */
function runClient(outDir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(outDir, 'src', 'main.js')], {
    // Only what a partner would set (and NODE_PATH: the compiled files are outside the repository's tree).
    env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  const waiting: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (buffered + chunk).split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      out.push(line);
      for (const w of [...waiting]) {
        const m = w.pattern.exec(line);
        if (m) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => err.push(chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    out,
    stderr: () => err.join(''),
    exit,
    /** The first line (already printed or to come) that matches, or an error with what was printed. */
    waitFor(pattern: RegExp, ms = 15_000): Promise<RegExpMatchArray> {
      const seen = out.map((l) => pattern.exec(l)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No line matching ${pattern} within ${ms} ms; printed:\n${out.join('\n')}\n${err.join('')}`)), ms);
        waiting.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        // The last lines may arrive just after the exit.
        void exit.then(() =>
          setTimeout(() => {
            clearTimeout(timer);
            reject(new Error(`Exited without a line matching ${pattern}; printed:\n${out.join('\n')}\n${err.join('')}`));
          }, 50),
        );
      });
    },
    kill: () => child.kill(),
  };
}

describe('the partner client example (examples/partner-client)', () => {
  let fed: Federation;
  let tmp: string;
  let generated: Promise<void>;
  let compiled: Promise<void>;
  let gatewayUrl: string;
  const clients: ReturnType<typeof runClient>[] = [];
  const run = (env: Record<string, string>) => {
    const client = runClient(path.join(tmp, 'compiled'), { GATEWAY_URL: gatewayUrl, WEBHOOK_PORT: '0', ...env });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-client-'));
    // Side by side: the generation, the compilation (each reported by its own test) and the federation (sqlite).
    generated = generate(path.join(tmp, 'generated'));
    compiled = compile(path.join(tmp, 'compiled'));
    for (const step of [generated, compiled]) step.catch(() => undefined);
    fed = await startFederation('sqlite');
    gatewayUrl = new URL(fed.gateway.url).origin;
    // Two compilers beside a federation starting: a busy 2-core machine may need more than the default minute.
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.kill();
    await fed?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('has the schema and generated types of the current supergraph and its operations (else: npm run codegen:partner)', async () => {
    await generated;
    const fresh = path.join(tmp, 'generated');
    expect(filesUnder(fresh)).toEqual(expect.arrayContaining(['schema.graphql', path.join('src', 'gql', 'graphql.ts'), path.join('src', 'gql', 'index.ts')]));
    const stale = [
      ...filesUnder(fresh).filter(
        (f) => !fs.existsSync(path.join(PARTNER_CLIENT_DIR, f)) || fs.readFileSync(path.join(PARTNER_CLIENT_DIR, f), 'utf8') !== fs.readFileSync(path.join(fresh, f), 'utf8'),
      ),
      // A generated file that is no longer made.
      ...filesUnder(path.join(PARTNER_CLIENT_DIR, 'src', 'gql'))
        .map((f) => path.join('src', 'gql', f))
        .filter((f) => !fs.existsSync(path.join(fresh, f))),
    ];
    expect(stale.map((f) => `examples/partner-client/${f} is stale: run npm run codegen:partner`)).toEqual([]);
  });

  it('compiles with tsc under its own strict tsconfig', async () => {
    await compiled;
    expect(fs.existsSync(path.join(tmp, 'compiled', 'src', 'main.js'))).toBe(true);
  });

  it("signs in as the demo partner, lists its agreements and programmes, rejects a forged delivery, verifies the library's, and deactivates its webhook", async () => {
    await compiled;
    const client = run({ PARTNER_USERNAME: 'mitra', PARTNER_PASSWORD: DEMO_PASSWORD, EXIT_AFTER_DELIVERIES: '1', EXIT_AFTER_SECONDS: '30' });
    const [, webhookId, url] = await client.waitFor(/^Webhook (\S+) registered for (\S+) \(PROGRAMME_CHANGED, INTERNSHIP_CHANGED\)/);

    // What the gateway tells the partner, to compare with what the program printed.
    const partnerToken = await fed.token({ role: 'PARTNER', partnerId: school });
    const truth = await fed.query(`query ($id: ID!) { partner(id: $id) { name agreements { id title status } programmes(first: 100) { totalCount } } }`, {
      token: partnerToken,
      variables: { id: school },
    });
    expect(truth.errors).toBeUndefined();
    const { name, agreements, programmes } = truth.data.partner;
    expect(agreements.length).toBeGreaterThan(0);
    expect(client.out).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Signed in as mitra \\(.+\\), partner ${school}$`)),
        `Partner: ${name} (SCHOOL)`,
        ...agreements.map((a: { id: string; title: string; status: string }) =>
          expect.stringMatching(new RegExp(`^Agreement ${a.status}: "${a.title.replace(/[()]/g, '\\$&')}" with .+, \\d{4}-\\d\\d-\\d\\d to \\d{4}-\\d\\d-\\d\\d \\(${a.id}\\)$`)),
        ),
        expect.stringMatching(new RegExp(`^Programmes: ${programmes.totalCount}\\b`)),
      ]),
    );
    expect(client.out.filter((l) => l.startsWith('Programme '))).toHaveLength(Math.min(programmes.totalCount, 20));

    // A delivery signed with another secret is refused (400) and never handled.
    const forged = JSON.stringify({ type: 'programme.changed', version: '1', id: 'msg_forged', event: 'PROGRAMME_CHANGED', change: 'CREATED', data: {} });
    const at = new Date();
    const refused = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(generateWebhookSecret()).sign('msg_forged', at, forged),
      },
      body: forged,
    });
    expect(refused.status).toBe(400);
    await client.waitFor(/^REJECTED a delivery that does not verify \(No matching signature found\)$/);

    // The library plans a programme with the school: PROGRAMME_CHANGED, delivered by the partnerships worker.
    const title = 'Kunjungan Pojok Baca ke SD Negeri 1 Kupang';
    const planned = await fed.query(`mutation ($input: CreatePartnershipProgrammeInput!) { createPartnershipProgramme(input: $input) { id status } }`, {
      token: await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }),
      variables: { input: { agreementId: schoolAgreement, kind: 'SCHOOL_VISIT', title, topic: 'Membaca cerita rakyat NTT', startsOn: '2027-02-10', endsOn: '2027-02-10' } },
    });
    expect(planned.errors).toBeUndefined();
    await deliverDueWebhooks(fed.subgraphs.partnerships.db, { allowPrivateAddresses: true, timeoutMs: 5000 });

    expect(await client.exit).toBe(0);
    expect(client.out).toContainEqual(expect.stringMatching(new RegExp(`^VERIFIED programme\\.changed v1 CREATED: programme "${title}" PLANNED \\(webhook-id \\S+, \\S+\\)$`)));
    expect(client.out.filter((l) => l.startsWith('VERIFIED'))).toHaveLength(1);
    expect(client.out).toContain(`Webhook ${webhookId} deactivated`);
    // The library's delivery log: answered 204 at the first attempt.
    const log = await fed.query(`query ($id: ID!) { partner(id: $id) { webhooks { id deliveries(first: 5) { edges { node { event status attempts lastStatusCode } } } } } }`, {
      token: partnerToken,
      variables: { id: school },
    });
    const hook = log.data.partner.webhooks.find((w: { id: string }) => w.id === webhookId);
    expect(hook.deliveries.edges.map((e: { node: unknown }) => e.node)).toEqual([{ event: 'PROGRAMME_CHANGED', status: 'DELIVERED', attempts: 1, lastStatusCode: 204 }]);
    expect(await fed.subgraphs.partnerships.db.getRepository(PartnerWebhook).findOneByOrFail({ id: webhookId })).toMatchObject({ partnerId: school, url, active: false });
    expect(client.stderr()).toBe('');
  });

  it('takes a PARTNER token instead of a password, and stops after EXIT_AFTER_SECONDS with exit code 1', async () => {
    await compiled;
    const client = run({ PARTNER_TOKEN: await fed.token({ role: 'PARTNER', partnerId: school }), EXIT_AFTER_SECONDS: '1' });
    expect(await client.exit).toBe(1);
    expect(client.out).toEqual(expect.arrayContaining([`Signed in as partner:${school}, partner ${school}`, 'Stopped after 1 s with 0 verified deliveries']));
    const [, webhookId] = (await client.waitFor(/^Webhook (\S+) registered/)) as string[];
    expect(client.out).toContain(`Webhook ${webhookId} deactivated`);
  });

  it('refuses to go on with a wrong password (UNAUTHENTICATED, exit code 1) and registers nothing', async () => {
    await compiled;
    const before = await fed.subgraphs.partnerships.db.getRepository(PartnerWebhook).count();
    const client = run({ PARTNER_USERNAME: 'mitra', PARTNER_PASSWORD: 'not-the-password-2026' });
    expect(await client.exit).toBe(1);
    expect(client.stderr()).toMatch(/^UNAUTHENTICATED: /);
    expect(client.out).toEqual([]);
    expect(await fed.subgraphs.partnerships.db.getRepository(PartnerWebhook).count()).toBe(before);
  });
});
