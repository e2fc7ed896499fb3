import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';
import type { AuthCheckerFn } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from './errors';

/** The roles a user token may carry. */
export const ROLES = ['PUBLIC', 'MEMBER', 'LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN'] as const;
/**
 * A user's role, or SERVICE: one subgraph calling another (never from a user token). A SERVICE
 * caller may run only the internal operations registered for it (shared/platform/internal-operations.ts).
 */
export type Role = (typeof ROLES)[number] | 'SERVICE';

/** The verified caller. PUBLIC when no token was sent. */
export interface Identity {
  sub: string;
  role: Role;
  libraryId?: string;
  memberId?: string;
  librarianId?: string;
  partnerId?: string;
  province?: string;
  /** SERVICE only: the calling subgraph's registry name. */
  service?: string;
  /**
   * A GOVERNMENT token with a `province` claim: the libraries of that province, looked up by the
   * subgraph in the library directory when the request arrives (see `governs`).
   */
  provinceLibraryIds?: readonly string[];
}

export const PUBLIC_IDENTITY: Identity = Object.freeze({ sub: 'anonymous', role: 'PUBLIC' });

/**
 * The subject the gateway's sign-in asks the subgraphs with (gateway/auth/directory.ts) whether a
 * person still holds their role: staff-development answers it with who is on the staff now.
 */
export const GATEWAY_IDENTITY_SUB = 'gateway:identity';

/** Scope claims each role must carry. */
const REQUIRED_CLAIMS: Record<Role, (keyof Identity)[]> = {
  PUBLIC: [],
  MEMBER: ['libraryId', 'memberId'],
  LIBRARIAN: ['libraryId', 'librarianId'],
  LIBRARY_ADMIN: ['libraryId'],
  PARTNER: ['partnerId'],
  GOVERNMENT: [],
  ADMIN: [],
  SERVICE: ['service'],
};
const SCOPE_CLAIMS = ['libraryId', 'memberId', 'librarianId', 'partnerId', 'province', 'service'] as const;
/** Scope claims each role may carry beyond the required ones (GOVERNMENT's optional province). Any other is refused. */
const OPTIONAL_CLAIMS: Partial<Record<Role, (keyof Identity)[]>> = { GOVERNMENT: ['province'] };
/** What a scope claim's value must look like: ids and slugs; a province name. */
const ID_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const PROVINCE_VALUE = /^[\p{L}\p{N}](?:[\p{L}\p{N} .,'()-]{0,98}[\p{L}\p{N}.)])?$/u;
/** A subject: 1-256 printable characters. */
const SUB_VALUE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,256}$/u;

/** Longest lifetime of a user token when the caller gives none (TOKEN_MAX_TTL's default), in seconds. */
export const DEFAULT_TOKEN_MAX_TTL = 24 * 3600;
/** How far the issuer's clock may run ahead of ours (`iat` in the future), in seconds. */
export const CLOCK_SKEW_SECONDS = 60;
/** The gateway's proof lives 60 s. */
const INTERNAL_TTL_SECONDS = 60;

const INTERNAL_ISSUER = 'library-gateway';
const SERVICE_ISSUER = 'library-service';
const INTERNAL_AUDIENCE = 'library-subgraphs';
export const INTERNAL_HEADER = 'x-gateway-identity';

const key = (secret: string) => new TextEncoder().encode(secret);

/**
 * The identity a verified token's claims describe, with exact types: `sub` a non-empty string,
 * `role` one of `allowed`, each scope claim its role uses a non-empty string of sane length and
 * characters (never coerced: `libraryId: ["baubau"]` is refused, not read as "baubau"), and no
 * scope claim the role does not use (a `memberId` on a LIBRARY_ADMIN token is refused, so a
 * mis-minted token fails loudly instead of meaning something else).
 */
export function identityFromClaims(payload: Record<string, unknown>, allowed: readonly string[] = ROLES): Identity {
  const refuse = (message: string): never => {
    throw new UnauthenticatedError(message, 401);
  };
  const role = payload.role;
  if (typeof role !== 'string' || !allowed.includes(role)) refuse('The token carries no valid role');
  if (typeof payload.sub !== 'string' || !SUB_VALUE.test(payload.sub)) refuse('The token has no valid subject');
  const identity: Identity = { sub: payload.sub as string, role: role as Role };
  const unused = unusedClaims({ role: identity.role, ...payload });
  if (unused.length) refuse(`A ${identity.role} token carries no ${unused.join(', ')}`);
  for (const claim of SCOPE_CLAIMS) {
    const value = payload[claim];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !(claim === 'province' ? PROVINCE_VALUE : ID_VALUE).test(value)) refuse(`The token's ${claim} is not valid`);
    identity[claim] = value as string;
  }
  const missing = missingClaims(identity);
  if (missing.length) refuse(`A ${identity.role} token must carry ${missing.join(', ')}`);
  return identity;
}

/** The refusal of a token jose would not verify: expired, or anything else. */
function verificationFailed(err: unknown, what: string): UnauthenticatedError {
  if (err instanceof UnauthenticatedError) return err;
  const expired = err instanceof joseErrors.JWTExpired && err.claim === 'exp';
  return new UnauthenticatedError(expired ? 'The token has expired' : `The token is not valid${what}`, 401);
}

// ---- the gateway's key pair ----------------------------------------------------------------

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const derivedKeys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();
const parsedPublicKeys = new Map<string, KeyObject>();

/**
 * The gateway's Ed25519 key pair, derived from GATEWAY_SECRET (seed = SHA-256 of it), once per
 * secret. Only the gateway signs; subgraphs hold the public key (GATEWAY_PUBLIC_KEY) and so can
 * verify the gateway's proof but never mint one.
 */
export function gatewayKeyPair(secret: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let pair = derivedKeys.get(secret);
  if (!pair) {
    const seed = createHash('sha256').update(secret, 'utf8').digest();
    const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    pair = { privateKey, publicKey: createPublicKey(privateKey) };
    derivedKeys.set(secret, pair);
  }
  return pair;
}

/** The public key for a GATEWAY_SECRET as GATEWAY_PUBLIC_KEY spells it: base64url of the raw 32 bytes (`npm run keys`). */
export function gatewayPublicKeyFor(secret: string): string {
  return gatewayKeyPair(secret).publicKey.export({ format: 'jwk' }).x!;
}

/** GATEWAY_PUBLIC_KEY (base64url of the raw key, or a PEM) as a key; anything but Ed25519 is refused. */
export function parseGatewayPublicKey(text: string): KeyObject {
  let key = parsedPublicKeys.get(text);
  if (!key) {
    key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text.trim() }, format: 'jwk' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('GATEWAY_PUBLIC_KEY must be an Ed25519 public key');
    parsedPublicKeys.set(text, key);
  }
  return key;
}

/** The scope claims this identity's role needs but lacks (a LIBRARY_ADMIN without libraryId …). */
export function missingClaims(identity: Partial<Identity> & { role: Role }): (keyof Identity)[] {
  return REQUIRED_CLAIMS[identity.role].filter((claim) => !identity[claim]);
}

/** The scope claims this identity carries that its role does not use (a LIBRARY_ADMIN with a memberId …): refused in a token. */
export function unusedClaims(identity: Partial<Identity> & { role: Role }): (keyof Identity)[] {
  const uses = new Set<string>([...REQUIRED_CLAIMS[identity.role], ...(OPTIONAL_CLAIMS[identity.role] ?? [])]);
  return SCOPE_CLAIMS.filter((claim) => identity[claim] !== undefined && !uses.has(claim));
}

/** Mints a user token (HS256, the development scheme; production may verify against a JWKS instead). */
export async function signUserToken(identity: Omit<Identity, 'sub'> & { sub?: string }, secret: string, ttl = '8h'): Promise<string> {
  const { sub, ...claims } = identity;
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub ?? `${identity.role.toLowerCase()}:${identity.libraryId ?? identity.partnerId ?? 'all'}`)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key(secret));
}

/** Another issuer's tokens the gateway also accepts (a city's identity provider: shared/platform/oidc.ts). */
export interface ExternalTokenVerifier {
  /** Whether the token (by its header's `alg`, its `iss`) is this issuer's rather than ours. */
  owns(token: string): boolean;
  /** Its identity, under the same lifetime rule as ours; UNAUTHENTICATED when it does not verify or maps to no valid identity. */
  verify(token: string, maxTtlSeconds: number): Promise<Identity>;
}

/** Access tokens verified (#19: a signature check on every request), by secret, lifetime limit and token. */
const verifiedAccessTokens = new LRUCache<string, { identity: Identity; until: number }>({ max: 10_000 });

/**
 * Verifies the caller's bearer token at the gateway. Absent → PUBLIC; bad, expired or
 * over-long-lived → UNAUTHENTICATED. A token must carry `exp`, `iat` and `sub`; its lifetime
 * (`exp − iat`, and what is left of it, `exp − now`) must be within `maxTtlSeconds`
 * (TOKEN_MAX_TTL), and `iat` may be at most CLOCK_SKEW_SECONDS in the future. A token `provider`
 * owns is verified by it instead (OIDC_ISSUER); every other token exactly as without it. A token
 * verified is remembered until its own end of life (verifiedAccessTokens).
 */
export async function identityFromAuthorization(
  header: string | undefined,
  secret: string,
  options: { maxTtlSeconds?: number; provider?: ExternalTokenVerifier } = {},
): Promise<Identity> {
  if (!header) return PUBLIC_IDENTITY;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"', 401);
  const maxTtl = options.maxTtlSeconds ?? DEFAULT_TOKEN_MAX_TTL;
  if (options.provider?.owns(match[1])) return options.provider.verify(match[1], maxTtl);
  // A token verified already (a client sends the same one with every request until it expires):
  // its identity, until the token's own end of life. Access tokens are not revocable — only
  // refresh tokens are —, so nothing but the clock can change the verdict.
  const cacheKey = `${secret}\0${maxTtl}\0${match[1]}`;
  const known = verifiedAccessTokens.get(cacheKey);
  if (known && Date.now() < known.until) return { ...known.identity };
  try {
    const { payload } = await jwtVerify(match[1], key(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: maxTtl,
      clockTolerance: CLOCK_SKEW_SECONDS,
    });
    const iat = payload.iat!;
    const exp = payload.exp!;
    const now = Math.floor(Date.now() / 1000);
    if (exp <= iat || exp - iat > maxTtl || exp - now > maxTtl + CLOCK_SKEW_SECONDS) {
      throw new UnauthenticatedError(`The token lives longer than this service accepts (at most ${maxTtl} s)`, 401);
    }
    const identity = identityFromClaims(payload);
    verifiedAccessTokens.set(cacheKey, { identity: Object.freeze({ ...identity }), until: Math.min(exp, iat + maxTtl) * 1000 });
    return identity;
  } catch (err) {
    throw verificationFailed(err, '');
  }
}

/**
 * The gateway's proof: a 60-second token carrying the verified identity, signed with the
 * gateway's Ed25519 private key (derived from GATEWAY_SECRET, see gatewayKeyPair). Subgraphs
 * verify it with the public key alone.
 */
export async function signInternalToken(identity: Identity, secret: string): Promise<string> {
  const { sub, ...claims } = identity;
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject(sub)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${INTERNAL_TTL_SECONDS}s`)
    .sign(gatewayKeyPair(secret).privateKey);
}

/** How long the gateway hands out the same proof for one identity: well inside its 60 s lifetime. */
const PROOF_REUSE_MS = 20_000;
const proofs = new LRUCache<string, string>({ max: 10_000, ttl: PROOF_REUSE_MS, ttlAutopurge: false });

/**
 * The gateway's proof for this identity: one signed at most PROOF_REUSE_MS ago for the same
 * identity, or a new one. Signing (Ed25519) on every request cost more than the rest of the
 * gateway's context; a proof carries nothing but the identity and its lifetime, so the callers
 * of one identity may share it while it is young.
 */
export async function internalTokenFor(identity: Identity, secret: string): Promise<string> {
  const key = `${secret}\0${JSON.stringify(identity)}`;
  const cached = proofs.get(key);
  if (cached) return cached;
  const token = await signInternalToken(identity, secret);
  proofs.set(key, token);
  return token;
}

/**
 * A subgraph calling another (shared/platform/service-client.ts): role SERVICE naming the caller, signed
 * with SERVICE_SECRET — a key of its own, so a service token is never mistaken for the gateway's
 * proof of a user, and the gateway's proof can never carry SERVICE.
 */
export async function signServiceToken(service: string, secret: string): Promise<string> {
  return new SignJWT({ role: 'SERVICE', service })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`service:${service}`)
    .setIssuer(SERVICE_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key(secret));
}

/**
 * Subgraphs accept nothing but the gateway's proof (EdDSA, verified with GATEWAY_PUBLIC_KEY or the
 * key derived from GATEWAY_SECRET; a user's identity, never SERVICE) or another subgraph's
 * service token (HS256 with SERVICE_SECRET; role SERVICE only): a user token, however valid, is
 * refused, and so is a proof in the old HS256 scheme.
 */
export async function identityFromInternalToken(
  token: string | undefined,
  secrets: { gatewaySecret: string; serviceSecret: string; gatewayPublicKey?: string },
): Promise<Identity> {
  if (!token) throw new UnauthenticatedError('Subgraphs are reached only through the gateway', 401);
  // A proof this subgraph verified already (the gateway reuses one per identity for a while, and
  // a request calls a subgraph several times): its identity, until the proof's own end of life.
  const key = `${secrets.gatewayPublicKey ?? secrets.gatewaySecret}\0${secrets.serviceSecret}\0${token}`;
  const known = verifiedProofs.get(key);
  if (known && Date.now() < known.until) return { ...known.identity };
  const identity = await verifyInternalToken(token, secrets);
  const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { iat: number; exp: number };
  verifiedProofs.set(key, { identity: Object.freeze({ ...identity }), until: Math.min(exp, iat + INTERNAL_TTL_SECONDS) * 1000 });
  return identity;
}

/** Proofs verified, by secrets and token: their identity and until when (epoch ms) it holds. */
const verifiedProofs = new LRUCache<string, { identity: Identity; until: number }>({ max: 10_000 });

async function verifyInternalToken(token: string, secrets: { gatewaySecret: string; serviceSecret: string; gatewayPublicKey?: string }): Promise<Identity> {
  const lifetime = { requiredClaims: ['exp', 'iat', 'sub'], maxTokenAge: INTERNAL_TTL_SECONDS, clockTolerance: CLOCK_SKEW_SECONDS };
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    alg = undefined;
  }
  try {
    if (alg === 'EdDSA') {
      const publicKey = secrets.gatewayPublicKey ? parseGatewayPublicKey(secrets.gatewayPublicKey) : gatewayKeyPair(secrets.gatewaySecret).publicKey;
      const { payload } = await jwtVerify(token, publicKey, { algorithms: ['EdDSA'], issuer: INTERNAL_ISSUER, audience: INTERNAL_AUDIENCE, ...lifetime });
      return identityFromClaims(payload);
    }
    const { payload } = await jwtVerify(token, key(secrets.serviceSecret), { algorithms: ['HS256'], issuer: SERVICE_ISSUER, audience: INTERNAL_AUDIENCE, ...lifetime });
    return identityFromClaims(payload, ['SERVICE']);
  } catch {
    throw new UnauthenticatedError('Subgraphs are reached only through the gateway', 401);
  }
}

// ---- policy -------------------------------------------------------------------------------

export const STAFF_ROLES: Role[] = ['LIBRARIAN', 'LIBRARY_ADMIN'];

/** Every refusal: UNAUTHENTICATED for an anonymous caller (sign in first), FORBIDDEN for the rest. */
export function deny(identity: Identity, message?: string): never {
  if (identity.role === 'PUBLIC') throw new UnauthenticatedError();
  throw new ForbiddenError(message);
}

/** Refuses callers without one of the roles. */
export function requireRole(identity: Identity, roles: readonly Role[]): void {
  if (!roles.includes(identity.role)) deny(identity);
}

/** True for ADMIN and for the staff (of the given roles) of this very library. */
export function isStaffOf(identity: Identity, libraryId: string, roles: readonly Role[] = STAFF_ROLES): boolean {
  return identity.role === 'ADMIN' || (roles.includes(identity.role) && identity.libraryId === libraryId);
}

/** Staff of the library (or ADMIN) only. */
export function requireStaffOf(identity: Identity, libraryId: string, roles: readonly Role[] = STAFF_ROLES): void {
  if (!isStaffOf(identity, libraryId, roles)) deny(identity, 'You may act only for your own library');
}

/**
 * GOVERNMENT supervising this library: every library, or — for a token with a `province` claim —
 * only the libraries of that province (never any when they were not looked up).
 */
export function governs(identity: Identity, libraryId: string): boolean {
  if (identity.role !== 'GOVERNMENT') return false;
  if (!identity.province) return true;
  return identity.provinceLibraryIds?.includes(libraryId) ?? false;
}

/**
 * The one answer to "which libraries' internal data may this caller read" (drafts, agreements,
 * funding, figures, staff records): ALL for ADMIN and a region-wide GOVERNMENT token; the
 * province's libraries for a province-scoped one; their own library for its staff; none for
 * members, partners (whose access goes by their own ids, not by library), services and PUBLIC.
 * Every subgraph's list and reference resolvers decide through this (via their access module).
 */
export function readableLibraries(identity: Identity): 'ALL' | readonly string[] {
  if (identity.role === 'ADMIN') return 'ALL';
  if (identity.role === 'GOVERNMENT') return identity.province ? (identity.provinceLibraryIds ?? []) : 'ALL';
  if (STAFF_ROLES.includes(identity.role) && identity.libraryId) return [identity.libraryId];
  return [];
}

/** Whether `readableLibraries` includes this library. */
export function canReadLibrary(identity: Identity, libraryId: string): boolean {
  const libraries = readableLibraries(identity);
  return libraries === 'ALL' || libraries.includes(libraryId);
}

/** Staff of the library, ADMIN, or GOVERNMENT of it (which reads across libraries, never member data). */
export function requireStaffOrGovernment(identity: Identity, libraryId: string): void {
  if (governs(identity, libraryId)) return;
  if (identity.role === 'GOVERNMENT') deny(identity, 'This token covers another province');
  requireStaffOf(identity, libraryId);
}

/** type-graphql's @Authorized(roles): refuses with our codes instead of type-graphql's own. */
export const authChecker: AuthCheckerFn<{ identity: Identity }, Role> = ({ context }, roles) => {
  const identity = context.identity;
  if (roles.length === 0) {
    // "any signed-in user": a service is no user
    if (identity.role === 'PUBLIC') throw new UnauthenticatedError();
    if (identity.role === 'SERVICE') deny(identity);
    return true;
  }
  requireRole(identity, roles);
  return true;
};
