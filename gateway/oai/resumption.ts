import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { OaiError, type MetadataPrefix } from './protocol';

/**
 * Resumption tokens: opaque to harvesters — a JWT (HS256, jose) signed with a key derived from
 * GATEWAY_SECRET, so a harvester can neither forge nor alter one, and every gateway instance
 * honours the others' — carrying the list's arguments, the keyset position of the next page
 * (datestamp, record id), the cursor and the complete list size. A token that does not verify
 * or has expired (OAI_TOKEN_TTL) is badResumptionToken. Keyset positions survive changes to the
 * catalogue between pages: a record changed meanwhile moves to the end of the list, none is
 * skipped.
 */
export interface ListState {
  verb: 'ListIdentifiers' | 'ListRecords';
  metadataPrefix: MetadataPrefix;
  set?: string;
  from?: string;
  until?: string;
  /** The collections subgraph's position after the last record sent. */
  after: string;
  /** Records sent before the next page. */
  cursor: number;
  completeListSize: number;
}

const ISSUER = 'library-gateway/oai';
const keyOf = (secret: string) => createHash('sha256').update(`oai-resumption-token\0${secret}`).digest();

export async function signResumptionToken(state: ListState, secret: string, expiresAt: Date): Promise<string> {
  return new SignJWT({ ...state })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keyOf(secret));
}

export async function readResumptionToken(token: string, secret: string): Promise<ListState> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    const state = payload as unknown as ListState;
    if (!['ListIdentifiers', 'ListRecords'].includes(state.verb) || typeof state.after !== 'string') throw new Error('not a list token');
    return state;
  } catch {
    throw new OaiError('badResumptionToken', 'The resumption token is invalid or has expired: start the list again');
  }
}
