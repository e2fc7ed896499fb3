import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { CLOCK_SKEW_SECONDS, ROLES, identityFromClaims, type ExternalTokenVerifier, type Identity } from './auth';
import { oidcUrlProblem, type Config, type OidcClaimNames, type OidcSettings } from './config';
import { UnauthenticatedError } from './errors';
import { createLogger, type Logger } from './logger';

/**
 * A city's own identity provider (Keycloak and the like, OIDC_ISSUER): the gateway accepts its
 * access tokens beside our own HS256 ones. Keys come from the provider's JWKS (OIDC_JWKS_URL, or
 * `jwks_uri` of its discovery document), fetched on first use — never at start, so a provider that
 * is down does not keep the gateway from starting — cached, and fetched again when a token names an
 * unknown `kid` (jose's remote JWK set, at most once per cooldown). The provider's claims are mapped
 * to our role and scope claims (OIDC_ROLE_CLAIM, OIDC_CLAIM_*) and must then pass the same strict
 * checks as our own tokens. docs/oidc.md has the settings and a Keycloak example.
 */

type ScopeClaim = Exclude<keyof OidcClaimNames, 'role'>;
const SCOPE_CLAIMS: ScopeClaim[] = ['libraryId', 'librarianId', 'memberId', 'partnerId', 'province'];
/** The provider's keys could not be had (discovery or JWKS unreachable, bad answer): no key problem of the token's. */
class KeysUnavailable extends Error {}

const refuse = (message: string): never => {
  throw new UnauthenticatedError(message, 401);
};

/** A claim by name, or — when no claim has that very name (`https://example.com/role` is one name) — by dotted path into objects. */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Our role from the role claim: a string, or an array whose first value that is one of our roles
 * wins. Each value loses OIDC_ROLE_PREFIX first (a value without it is not ours), then is matched
 * case-insensitively, `-` read as `_` (`library-admin` → LIBRARY_ADMIN). PUBLIC and SERVICE are
 * never taken from a provider; ADMIN only with OIDC_ALLOW_ADMIN.
 */
function roleFrom(value: unknown, settings: OidcSettings): string {
  const accepted: string[] = ROLES.filter((role) => role !== 'PUBLIC' && (role !== 'ADMIN' || settings.allowAdmin));
  const prefix = settings.rolePrefix.toLowerCase();
  const named: string[] = [];
  for (const raw of Array.isArray(value) ? value : [value]) {
    if (typeof raw !== 'string' || !raw.toLowerCase().startsWith(prefix)) continue;
    const role = raw.slice(prefix.length).toUpperCase().replace(/-/g, '_');
    if (accepted.includes(role)) return role;
    named.push(role);
  }
  if (named.includes('SERVICE')) refuse('The identity provider may not grant SERVICE');
  if (named.includes('ADMIN')) refuse('The identity provider may not grant ADMIN (OIDC_ALLOW_ADMIN is off)');
  const where = `${settings.claims.role}${settings.rolePrefix ? `, prefix ${settings.rolePrefix}` : ''}`;
  return refuse(`The identity provider's token carries none of our roles (${where})`);
}

/** The identity the provider's verified claims describe: mapped, then held to the same checks as our own tokens. */
export function identityFromProviderClaims(payload: JWTPayload, settings: OidcSettings): Identity {
  if (typeof payload.sub !== 'string' || !payload.sub) refuse('The token has no valid subject');
  const role = roleFrom(claimAt(payload, settings.claims.role), settings);
  // The issuer's host before the provider's subject: never the same subject as one of ours.
  const mapped: Record<string, unknown> = { sub: `oidc:${new URL(settings.issuer).host}:${payload.sub as string}`, role };
  for (const claim of SCOPE_CLAIMS) {
    const value = claimAt(payload, settings.claims[claim]);
    if (value !== undefined) mapped[claim] = value;
  }
  const allowed = ROLES.filter((r) => r !== 'PUBLIC' && (r !== 'ADMIN' || settings.allowAdmin));
  try {
    return identityFromClaims(mapped, allowed);
  } catch (err) {
    throw new UnauthenticatedError(`${(err as Error).message} (mapped from the identity provider's claims: see OIDC_CLAIM_*)`, 401);
  }
}

/** Why jose refused the token, said for the caller; a key outage said as such. */
function refusal(err: unknown, settings: OidcSettings): UnauthenticatedError {
  if (err instanceof UnauthenticatedError) return err;
  const message = (text: string) => new UnauthenticatedError(text, 401);
  if (err instanceof KeysUnavailable) return message("The identity provider's keys cannot be fetched right now; try again shortly");
  if (err instanceof joseErrors.JWTExpired) return message('The token has expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return message(`The token is not from the configured identity provider (${settings.issuer})`);
    if (err.claim === 'aud') return message('The token is not meant for this service (aud)');
    return message(`The token is not valid (${err.claim})`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) {
    return message(`The identity provider's tokens must be signed with ${settings.algorithms.join(' or ')}`);
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) return message('The identity provider has no key for this token (kid)');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return message("The token's signature does not verify");
  return message('The token is not valid');
}

/** Whether a failure of the remote key set is the provider being unreachable (or answering nonsense) rather than a key the token names. */
function isFetchFailure(err: unknown): boolean {
  if (!(err instanceof joseErrors.JOSEError)) return true; // network errors, our discovery's errors
  return err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid || err.code === 'ERR_JOSE_GENERIC';
}

/** The provider's `jwks_uri`, from its discovery document, which must name the configured issuer. */
async function discoverJwksUrl(settings: OidcSettings): Promise<URL> {
  const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(settings.timeoutMs) });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (doc.issuer !== settings.issuer) throw new Error(`${url} names issuer ${JSON.stringify(doc.issuer)}, not ${settings.issuer}`);
  if (typeof doc.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
  const problem = oidcUrlProblem(doc.jwks_uri, settings.allowInsecureLoopback);
  if (problem) throw new Error(`${url}: jwks_uri ${problem}`);
  return new URL(doc.jwks_uri);
}

/**
 * The verifier of one provider. Keys: jose's remote JWK set (cacheMaxAge, cooldown, timeout from
 * the settings), built on the first token; concurrent first requests share one discovery and one
 * JWKS fetch. After a failed discovery or fetch, provider tokens are refused for one cooldown
 * without another request to the provider, so a provider outage is not multiplied by our traffic.
 */
export function createOidcVerifier(settings: OidcSettings, log?: Logger): ExternalTokenVerifier {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  let unavailableUntil = 0;

  const remoteKeySet = (): Promise<JWTVerifyGetKey> => {
    keySet ??= (settings.jwksUrl ? Promise.resolve(new URL(settings.jwksUrl)) : discoverJwksUrl(settings)).then((url) =>
      createRemoteJWKSet(url, { cacheMaxAge: settings.jwksCacheMaxAgeMs, cooldownDuration: settings.jwksCooldownMs, timeoutDuration: settings.timeoutMs }),
    );
    return keySet.catch((err) => {
      keySet = undefined; // discovery is tried again after the cooldown
      throw err;
    });
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (Date.now() < unavailableUntil) throw new KeysUnavailable();
    try {
      return await (
        await remoteKeySet()
      )(header, token);
    } catch (err) {
      if (!isFetchFailure(err)) throw err;
      unavailableUntil = Date.now() + settings.jwksCooldownMs;
      log?.warn({ err: (err as Error).message, issuer: settings.issuer }, "the identity provider's keys could not be fetched");
      throw new KeysUnavailable();
    }
  };

  return {
    owns(token) {
      try {
        // Ours are HS256 and carry no provider issuer; anything else is the provider's to verify (or refuse).
        return decodeProtectedHeader(token).alg !== 'HS256' || decodeJwt(token).iss === settings.issuer;
      } catch {
        return false;
      }
    },

    async verify(token, maxTtlSeconds) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms: settings.algorithms,
          issuer: settings.issuer,
          audience: settings.audience.length ? settings.audience : undefined,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: CLOCK_SKEW_SECONDS,
        }));
      } catch (err) {
        throw refusal(err, settings);
      }
      // Keycloak marks its ID and refresh tokens (`typ`): neither is an access token.
      if (typeof payload.typ === 'string' && /^(id|refresh)$/i.test(payload.typ)) refuse(`A ${payload.typ} token is no access token`);
      // The same lifetime rule as ours (auth.ts): what is left of it, and — with `iat`, which providers set — all of it.
      const now = Math.floor(Date.now() / 1000);
      const exp = payload.exp!;
      const tooLong = `The token lives longer than this service accepts (at most ${maxTtlSeconds} s)`;
      if (exp - now > maxTtlSeconds + CLOCK_SKEW_SECONDS) refuse(tooLong);
      if (payload.iat !== undefined) {
        if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_SKEW_SECONDS) refuse('The token is not valid (iat)');
        if (exp <= payload.iat || exp - payload.iat > maxTtlSeconds) refuse(tooLong);
      }
      return identityFromProviderClaims(payload, settings);
    },
  };
}

const verifiers = new WeakMap<OidcSettings, ExternalTokenVerifier>();

/** The process's verifier for the configured provider (one per OidcSettings, so its key cache lives as long as the process); undefined without OIDC_ISSUER. */
export function oidcVerifier(config: Config): ExternalTokenVerifier | undefined {
  if (!config.oidc) return undefined;
  let verifier = verifiers.get(config.oidc);
  if (!verifier) {
    verifier = createOidcVerifier(config.oidc, createLogger(config, 'gateway'));
    verifiers.set(config.oidc, verifier);
  }
  return verifier;
}
