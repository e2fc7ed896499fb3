import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { AuthCheckerFn } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from './errors';

/** The roles a user token may carry. */
export const ROLES = ['PUBLIC', 'MEMBER', 'LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN'] as const;
/**
 * A user's role, or SERVICE: one subgraph calling another (never from a user token). A SERVICE
 * caller may run only the internal operations registered for it (shared/internal-operations.ts).
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

export const PUBLIC_IDENTITY: Identity = Object.freeze({ sub: 'anonymous', role: 'PUBLIC' }) as Identity;

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

const INTERNAL_ISSUER = 'library-gateway';
const SERVICE_ISSUER = 'library-service';
const INTERNAL_AUDIENCE = 'library-subgraphs';
export const INTERNAL_HEADER = 'x-gateway-identity';

const key = (secret: string) => new TextEncoder().encode(secret);

function identityFromClaims(payload: Record<string, unknown>, allowed: readonly string[] = ROLES): Identity {
  const role = payload.role;
  if (typeof role !== 'string' || !allowed.includes(role)) {
    throw new UnauthenticatedError('The token carries no valid role', 401);
  }
  const identity: Identity = { sub: String(payload.sub ?? ''), role: role as Role };
  for (const claim of SCOPE_CLAIMS) {
    const value = payload[claim];
    if (value !== undefined && value !== null) identity[claim] = String(value);
  }
  const missing = missingClaims(identity);
  if (missing.length) throw new UnauthenticatedError(`A ${identity.role} token must carry ${missing.join(', ')}`, 401);
  if (!identity.sub) throw new UnauthenticatedError('The token has no subject', 401);
  return identity;
}

/** The scope claims this identity's role needs but lacks (a LIBRARY_ADMIN without libraryId …). */
export function missingClaims(identity: Partial<Identity> & { role: Role }): (keyof Identity)[] {
  return REQUIRED_CLAIMS[identity.role].filter((claim) => !identity[claim]);
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

/** Verifies the caller's bearer token at the gateway. Absent → PUBLIC; bad or expired → UNAUTHENTICATED. */
export async function identityFromAuthorization(header: string | undefined, secret: string): Promise<Identity> {
  if (!header) return PUBLIC_IDENTITY;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"', 401);
  try {
    const { payload } = await jwtVerify(match[1], key(secret), { algorithms: ['HS256'] });
    return identityFromClaims(payload);
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw err;
    const expired = err instanceof joseErrors.JWTExpired;
    throw new UnauthenticatedError(expired ? 'The token has expired' : 'The token is not valid', 401);
  }
}

/** The gateway's proof: a short-lived token carrying the verified identity, signed with the gateway secret. */
export async function signInternalToken(identity: Identity, secret: string): Promise<string> {
  const { sub, ...claims } = identity;
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key(secret));
}

/**
 * A subgraph calling another (shared/service-client.ts): role SERVICE naming the caller, signed
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
 * Subgraphs accept nothing but the gateway's proof (a user's identity) or another subgraph's
 * service token (role SERVICE only): a user token, however valid, is refused.
 */
export async function identityFromInternalToken(
  token: string | undefined,
  secrets: { gatewaySecret: string; serviceSecret: string },
): Promise<Identity> {
  if (!token) throw new UnauthenticatedError('Subgraphs are reached only through the gateway', 401);
  try {
    const { payload } = await jwtVerify(token, key(secrets.gatewaySecret), {
      algorithms: ['HS256'],
      issuer: INTERNAL_ISSUER,
      audience: INTERNAL_AUDIENCE,
    });
    return identityFromClaims(payload);
  } catch {
    // not the gateway's proof: perhaps a service token
  }
  try {
    const { payload } = await jwtVerify(token, key(secrets.serviceSecret), {
      algorithms: ['HS256'],
      issuer: SERVICE_ISSUER,
      audience: INTERNAL_AUDIENCE,
    });
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
