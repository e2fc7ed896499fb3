import type { Federation } from './federation';

/** What a client sees of a request to the gateway's /auth endpoints. */
export interface AuthResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends a JSON request to the gateway's /auth/<path>, as a client would. */
export async function authRequest<T = any>(fed: Federation, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<AuthResponse<T>> {
  const url = fed.gateway.url.replace(/\/graphql$/, `/auth${path}`);
  const headers: Record<string, string> = { 'user-agent': 'jest-auth-test' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const authCode = (res: AuthResponse) => res.body?.errors?.[0]?.extensions?.code as string | undefined;

export interface DemoAccount {
  role: string;
  username?: string;
  libraryId?: string;
  cardNumber?: string;
  password?: string;
  pin?: string;
}

/** The federation's demo accounts (GET /auth/demo-accounts). */
export async function demoAccounts(fed: Federation): Promise<DemoAccount[]> {
  const res = await authRequest<{ accounts: DemoAccount[] }>(fed, 'GET', '/demo-accounts');
  if (res.status !== 200) throw new Error(`demo-accounts answered ${res.status}`);
  return res.body.accounts;
}

/** The login body of a demo account. */
export const credentials = (a: DemoAccount) =>
  a.role === 'MEMBER' ? { libraryId: a.libraryId, cardNumber: a.cardNumber, pin: a.pin } : { username: a.username, password: a.password };
