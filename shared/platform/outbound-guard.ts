import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';

/**
 * Outbound webhooks (partner deliveries, circulation notices) go only to public addresses.
 *
 * The decision is made on the address the connection is actually made to, never on the URL's
 * text: an IP literal is judged as it stands, a host name by every address DNS (or /etc/hosts)
 * gives for it, at connect time, through the request's own `lookup` — so `localhost`, a name in
 * /etc/hosts, `127.0.0.1.nip.io`-style names and DNS answers that change between registration and
 * delivery are all caught. Refused (docs/security.md, "Who may do what"): loopback, unspecified, private
 * (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10, link-local (169.254/16, fe80::/10), unique-local
 * fc00::/7, site-local fec0::/10, multicast, 0/8, 240/4 and broadcast, documentation and
 * benchmarking ranges, and every IPv6 address outside global unicast 2000::/3. IPv6 forms that
 * carry an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::/96, ::ffff:0:a.b.c.d, 2002::/16)
 * are judged by that address.
 *
 * Off (everything allowed) only with WEBHOOK_ALLOW_PRIVATE=true — the default outside production,
 * so development and tests can deliver to receivers on 127.0.0.1.
 */

/** [first octets, prefix length, why] of the IPv4 ranges refused. */
const IPV4_REFUSED: [number[], number, string][] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared (CGNAT)'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'documentation'],
  [[192, 88, 99], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'benchmarking'],
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved or broadcast'],
];

function inPrefix(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function judgeIpv4(bytes: readonly number[]): string | null {
  for (const [prefix, bits, why] of IPV4_REFUSED) if (inPrefix(bytes, prefix, bits)) return why;
  return null;
}

/** The 16 bytes of an IPv6 address (zone id dropped, embedded dotted quad allowed); null when it is none. */
export function ipv6Bytes(address: string): number[] | null {
  let text = address
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  if (isIP(text) !== 6) return null;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = ipv4Bytes(quad[1]);
    text = `${text.slice(0, -quad[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined) =>
    s
      ? s
          .split(':')
          .filter(Boolean)
          .map((g) => parseInt(g, 16))
      : [];
  const front = groups(head);
  const back = groups(tail);
  const words = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  if (words.length !== 8) return null;
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/**
 * Why an address may not be connected to ("loopback", "private" …), or null for a public one.
 * Anything that is not an IP address is refused too.
 */
export function nonPublicReason(address: string): string | null {
  const plain = address.replace(/^\[|\]$/g, '');
  if (isIP(plain) === 4) return judgeIpv4(ipv4Bytes(plain));
  const b = ipv6Bytes(plain);
  if (!b) return 'not an IP address';
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = (from: number) => {
    const why = judgeIpv4(b.slice(from, from + 4));
    return why ? `${why} (IPv4 inside IPv6)` : null;
  };
  if (zero(0, 16)) return 'unspecified';
  if (zero(0, 15) && b[15] === 1) return 'loopback';
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12); // ::ffff:a.b.c.d, IPv4-mapped
  if (zero(0, 12)) return v4(12); // ::a.b.c.d, IPv4-compatible (deprecated)
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return v4(12); // ::ffff:0:a.b.c.d, SIIT
  if (inPrefix(b, [0x00, 0x64, 0xff, 0x9b], 32) && zero(4, 12)) return v4(12); // 64:ff9b::/96, NAT64
  if (inPrefix(b, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return 'NAT64 (local use)';
  if (inPrefix(b, [0x20, 0x02], 16)) return v4(2); // 2002::/16, 6to4
  if (inPrefix(b, [0xff], 8)) return 'multicast';
  if (inPrefix(b, [0xfe, 0x80], 10)) return 'link-local';
  if (inPrefix(b, [0xfe, 0xc0], 10)) return 'site-local';
  if (inPrefix(b, [0xfc], 7)) return 'unique-local';
  if (inPrefix(b, [0x20, 0x01, 0x0d, 0xb8], 32)) return 'documentation';
  if (inPrefix(b, [0x20, 0x01, 0x00, 0x00], 32)) return 'Teredo';
  if (inPrefix(b, [0x20, 0x01, 0x00], 23)) return 'reserved';
  if (!inPrefix(b, [0x20], 3)) return 'reserved';
  return null;
}

export class RefusedAddressError extends Error {
  constructor(host: string, why: string) {
    super(`Refused: ${host} is not a public address (${why})`);
    this.name = 'RefusedAddressError';
  }
}

/**
 * A `lookup` for node:net/http/https that resolves as usual and refuses (with no connection made)
 * a name any of whose addresses is not public.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses;
    for (const { address } of list) {
      const why = nonPublicReason(address);
      if (why) return callback(new RefusedAddressError(hostname, why), '', 0);
    }
    if (!list.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    else callback(null, list[0].address, list[0].family);
  });
};

export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE. Absent or false: only public addresses. */
  allowPrivateAddresses?: boolean;
}

/**
 * POSTs a webhook body and resolves with the HTTP status once the answer's head arrives (its body
 * is not read; redirects are not followed). Throws RefusedAddressError before connecting to a
 * non-public address (unless allowed), an error named TimeoutError after `timeoutMs`, and the
 * network's error otherwise.
 */
export function postWebhook(target: string, post: WebhookPost): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      reject(new Error('The webhook URL is not a URL'));
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new Error('The webhook URL must be http or https'));
      return;
    }
    const guard = !post.allowPrivateAddresses;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (guard && isIP(host)) {
      const why = nonPublicReason(host);
      if (why) {
        reject(new RefusedAddressError(host, why));
        return;
      }
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      // A connection of its own: a pooled socket would skip the lookup below.
      agent: false,
      ...(guard ? { lookup: publicOnlyLookup } : {}),
    });
    let settled = false;
    const finish = (err: Error | null, status?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ status: status! });
    };
    const timer = setTimeout(() => {
      const err = new Error(`No answer within ${post.timeoutMs} ms`);
      err.name = 'TimeoutError';
      finish(err);
      req.destroy(err);
    }, post.timeoutMs);
    if (guard) {
      // Belt and braces: whatever resolved the name, the peer must be public.
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          const why = socket.remoteAddress ? nonPublicReason(socket.remoteAddress) : 'unknown peer';
          if (why) req.destroy(new RefusedAddressError(socket.remoteAddress ?? host, why));
        });
      });
    }
    req.on('response', (res) => {
      finish(null, res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', (err) => finish(err));
    req.end(post.body);
  });
}
