// The regional government console. Everything on the page comes from the gateway's GraphQL API
// (same origin, the analyst's access token as a bearer header) and its /reports exports. The
// analyst signs in with a user name and password at /auth/login (or, for developers, pastes a
// token); the page keeps nothing but the tokens and who signed in, in sessionStorage, so closing
// the tab signs the analyst out.
// No inline script and no innerHTML with data: text always goes in through textContent.

/** What the tab keeps (sessionStorage only): the access token, the refresh token, when to refresh, who signed in. */
const KEYS = {
  access: 'console.token',
  refresh: 'console.refresh',
  refreshAt: 'console.refreshAt',
  identity: 'console.identity',
};
const Chart = window.Chart;

// The page's operations. `npm run persisted:manifest` reads them from here (the strings marked
// /* GraphQL */) into persisted/console.json, the console's registered operations; the page sends
// each one by the hash the gateway lists at /console/operations.json, never as text, unless the
// gateway registers none (docs/api.md, "Persisted queries and trusted documents").
const REPORT_QUERY = /* GraphQL */ `
  query ConsoleReport($from: Date!, $to: Date!, $province: String) {
    regionalReport(from: $from, to: $to, province: $province) {
      libraryId
      population
      library {
        id
        name
        city
        province
      }
      staff {
        librarians
        trainedPercent
        trainingHoursPerLibrarian
        coverage {
          from
          through
        }
      }
      collections {
        titles
        items
        activeMembers
        loans
        visits
        overdueRate
        coverage {
          from
          through
        }
      }
      events {
        events
        registrations
        attendance
        attendanceRate
        satisfactionScore
        coverage {
          from
          through
        }
      }
      partnerships {
        activePartners
        activeAgreements
        schoolVisits
        fundingReceived
        coverage {
          from
          through
        }
      }
    }
  }
`;

const TRENDS_QUERY = /* GraphQL */ `
  query ConsoleTrends($year: Int!, $province: String) {
    regionalTrends(year: $year, province: $province) {
      libraryId
      library {
        city
      }
      months {
        from
        to
        collections {
          loans
          visits
        }
        events {
          attendance
        }
      }
    }
  }
`;

const LITERACY_QUERY = /* GraphQL */ `
  query ConsoleLiteracy($year: Int!, $province: String) {
    literacyIndex(year: $year, province: $province) {
      libraryId
      year
      index
      band
      bandLabel
      missingElements
      library {
        id
        name
        city
      }
      elements {
        code
        name
        value
        missing
        reason
        figures {
          name
          value
        }
      }
    }
  }
`;

/** What the analyst reads for each refusal or failure code (Indonesian · English): for a pasted token. */
const MESSAGES = {
  UNAUTHENTICATED: 'Token tidak sah atau kedaluwarsa. · The token is not valid or has expired: make a new one.',
  FORBIDDEN: 'Token ini tidak berhak melihat data wilayah. · This token may not see the regional figures (GOVERNMENT, ADMIN, or a LIBRARY_ADMIN for their own library).',
  BAD_USER_INPUT: 'Periode atau provinsi tidak valid. · The period or province is not valid.',
  SERVICE_UNAVAILABLE: 'Sebagian layanan tidak tersedia; angka yang hilang ditandai "—". · A service is unavailable; missing figures show as "—".',
  RATE_LIMITED: 'Terlalu banyak permintaan, coba lagi sebentar. · Too many requests: try again shortly.',
  NETWORK: 'Gateway tidak dapat dihubungi. · The gateway cannot be reached.',
  PERSISTED_QUERY_NOT_ALLOWED: 'Versi halaman ini tidak dikenal gateway; muat ulang halaman. · The gateway does not know this version of the page: reload it.',
};

/** The same codes for an analyst who signed in with an account. */
const ACCOUNT_MESSAGES = {
  UNAUTHENTICATED: 'Sesi Anda telah berakhir; silakan masuk lagi. · Your session has ended: sign in again.',
  FORBIDDEN: 'Akun ini tidak berhak melihat data wilayah. · This account may not see the regional figures (GOVERNMENT, ADMIN, or a LIBRARY_ADMIN for their own library).',
};

/** A wait in the analyst's words: seconds under a minute, else whole minutes (rounded up). */
function waitText(seconds) {
  if (!(seconds > 0)) return { id: 'sebentar lagi', en: 'shortly' };
  if (seconds < 60) return { id: `${Math.ceil(seconds)} detik lagi`, en: `in ${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? '' : 's'}` };
  const minutes = Math.ceil(seconds / 60);
  return { id: `${minutes} menit lagi`, en: `in ${minutes} minute${minutes === 1 ? '' : 's'}` };
}

/** The answers of POST /auth/login. */
const LOGIN_MESSAGES = {
  UNAUTHENTICATED: () => 'Nama pengguna atau kata sandi salah. · Wrong user name or password.',
  TOO_MANY_ATTEMPTS: (retryAfter) => {
    const wait = waitText(retryAfter);
    return `Terlalu banyak percobaan masuk yang gagal; coba lagi ${wait.id}. · Too many failed sign-in attempts: try again ${wait.en}.`;
  },
  BAD_USER_INPUT: () => 'Isi nama pengguna dan kata sandi. · Enter your user name and password.',
  RATE_LIMITED: () => MESSAGES.RATE_LIMITED,
  NETWORK: () => MESSAGES.NETWORK,
};

/** The text for a code: `context` is 'login' (the sign-in form), 'account' (a signed-in account) or 'token' (a pasted token). */
function message(code, { context = 'token', retryAfter } = {}) {
  const text = context === 'login' ? LOGIN_MESSAGES[code]?.(retryAfter) : context === 'account' ? (ACCOUNT_MESSAGES[code] ?? MESSAGES[code]) : MESSAGES[code];
  return text ?? `Terjadi kesalahan · Something went wrong (${code}).`;
}

/** A figure the API says was not recorded (null), never shown as 0. */
const NO_DATA = 'tidak ada data';
const NO_DATA_GLOSS = 'no data recorded';

const BAND_LABELS = {
  SANGAT_RENDAH: 'Sangat Rendah',
  RENDAH: 'Rendah',
  SEDANG: 'Sedang',
  TINGGI: 'Tinggi',
  SANGAT_TINGGI: 'Sangat Tinggi',
};

/** One colour per library, in the table's (city) order. */
const PALETTE = ['#1d4e89', '#d1495b', '#2e933c', '#edae49', '#6a4c93', '#00798c'];

const $ = (id) => document.getElementById(id);

/** Builds an element: el('td', { class: 'num' }, '12'); children are nodes or text. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---- formatting ------------------------------------------------------------------------------

// Indonesian number formats: 1.234.567 and 12,3 (one decimal for percentages, indexes and rates).
const numberFormat = (digits) => new Intl.NumberFormat('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const INT = numberFormat(0);
const DEC1 = numberFormat(1);
const RUPIAH = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const FORMATS = {
  int: (v) => INT.format(v),
  dec1: (v) => DEC1.format(v),
  percent: (v) => `${DEC1.format(v)} %`,
  ratio: (v) => `${DEC1.format(v * 100)} %`,
  rupiah: (v) => RUPIAH.format(v),
  text: (v) => String(v),
};
/** A raw figure of the literacy index: whole numbers as such, small ratios to three significant digits. */
const figureFormat = (v) => (Number.isInteger(v) ? INT.format(v) : new Intl.NumberFormat('id-ID', { maximumSignificantDigits: 3 }).format(v));
const perThousand = (count, population) => (count == null || !population ? null : (1000 * count) / population);

/** 6 Des 2024: a calendar date as the analyst reads it (the API's dates are days, not instants). */
const DAY = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const formatDay = (iso) => DAY.format(new Date(`${iso}T00:00:00Z`));
const formatSpan = (coverage) => `${formatDay(coverage.from)} – ${formatDay(coverage.through)}`;

// ---- session ---------------------------------------------------------------------------------

const token = () => sessionStorage.getItem(KEYS.access);
const refreshToken = () => sessionStorage.getItem(KEYS.refresh);

/** Who signed in with an account (the sign-in's `identity`), or null for a pasted token. */
function storedIdentity() {
  try {
    return JSON.parse(sessionStorage.getItem(KEYS.identity) ?? 'null');
  } catch {
    return null;
  }
}

/** Which messages the analyst reads: an account's, or a pasted token's. */
const sessionContext = () => (refreshToken() || storedIdentity() ? 'account' : 'token');

const codeOf = (error) => error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
const firstCode = (result) => (result.errors?.length ? codeOf(result.errors[0]) : null);
const isRefusal = (code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';

/** POSTs JSON to one of the gateway's /auth endpoints: { body } when it answers 2xx, else { code, retryAfter }. */
async function postAuth(path, body) {
  let res;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    return { code: 'NETWORK' };
  }
  const json = await res.json().catch(() => null);
  if (res.ok) return { body: json };
  const error = json?.errors?.[0];
  const retryAfter = Number(error?.extensions?.retryAfter ?? res.headers.get('retry-after'));
  return {
    code: error ? codeOf(error) : res.status === 429 ? 'RATE_LIMITED' : `HTTP_${res.status}`,
    retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  };
}

let refreshTimer = null;
let refreshing = null;

/**
 * Keeps a sign-in's or a refresh's answer for this tab and sets the timer that refreshes the
 * access token shortly before it runs out: a fifth of its lifetime ahead, at most a minute.
 */
function keepSession(answer) {
  const lifetime = Math.max(0, Number(answer.expiresIn) || 0) * 1000;
  sessionStorage.setItem(KEYS.access, answer.accessToken);
  sessionStorage.setItem(KEYS.refresh, answer.refreshToken);
  sessionStorage.setItem(KEYS.refreshAt, String(Date.now() + lifetime - Math.min(60_000, lifetime / 5)));
  if (answer.identity) sessionStorage.setItem(KEYS.identity, JSON.stringify(answer.identity));
  scheduleRefresh();
}

function clearSession() {
  clearTimeout(refreshTimer);
  refreshTimer = null;
  for (const key of Object.values(KEYS)) sessionStorage.removeItem(key);
}

function scheduleRefresh(delay) {
  clearTimeout(refreshTimer);
  refreshTimer = null;
  if (!refreshToken()) return;
  const due = delay ?? Number(sessionStorage.getItem(KEYS.refreshAt) ?? 0) - Date.now();
  // setTimeout takes at most 2^31 − 1 ms; a longer wait is re-armed when it fires.
  refreshTimer = setTimeout(onRefreshTimer, Math.min(2 ** 31 - 1, Math.max(0, due)));
}

async function onRefreshTimer() {
  refreshTimer = null;
  if (Number(sessionStorage.getItem(KEYS.refreshAt) ?? 0) > Date.now()) return scheduleRefresh();
  const code = await refreshSession();
  if (code === 'UNAUTHENTICATED') return signOut('UNAUTHENTICATED');
  // The gateway out of reach or busy: try again shortly (a request meanwhile refreshes on its own).
  if (code) scheduleRefresh(15_000);
}

/**
 * Exchanges the refresh token for a new pair: null when done, else the code (UNAUTHENTICATED:
 * the session is over). One exchange at a time, shared by whoever asks meanwhile: presenting the
 * same refresh token twice would count as reuse and revoke the whole sign-in.
 */
function refreshSession() {
  refreshing ??= (async () => {
    const presented = refreshToken();
    if (!presented) return 'UNAUTHENTICATED';
    const answer = await postAuth('/auth/refresh', { refreshToken: presented });
    if (answer.code) return answer.code;
    if (!answer.body?.accessToken || !answer.body?.refreshToken) return 'INTERNAL_SERVER_ERROR';
    keepSession(answer.body);
    return null;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** An answer the page makes up for a request it could not send: the same JSON as the gateway's errors. */
const failure = (code) => new Response(JSON.stringify({ errors: [{ message: code, extensions: { code } }] }), { status: 503, headers: { 'content-type': 'application/json' } });

/**
 * A request with the access token as bearer. When the gateway answers UNAUTHENTICATED (HTTP 401)
 * and the tab holds a refresh token, the access token is refreshed and the request sent once more.
 * Network failures reject, as fetch does.
 */
async function authorizedFetch(url, init = {}) {
  const send = () => fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token()}` } });
  const used = token();
  const res = await send();
  if (res.status !== 401 || !refreshToken()) return res;
  // Another request may have refreshed meanwhile: then its new token is tried without refreshing again.
  if (token() === used) {
    const code = await refreshSession();
    if (code === 'UNAUTHENTICATED') return res; // the session is over: the caller shows the refusal
    if (code) return failure(code);
  }
  return send();
}

// ---- GraphQL ---------------------------------------------------------------------------------

/** The name the gateway knows this page by (`apollographql-client-name`): its operations are registered under it. */
const CLIENT_NAME = 'console';

let registered = null;

/**
 * The console's registered operations, { version, operations: { name: sha256 } }, read once from
 * the gateway (again after a failure); null when it registers none: then the page sends its text.
 */
function registeredOperations() {
  registered ??= fetch('/console/operations.json', { cache: 'no-cache', signal: AbortSignal.timeout(30_000) })
    .then((res) => (res.ok ? res.json() : res.status === 404 ? null : Promise.reject(new Error(`HTTP ${res.status}`))))
    .catch(() => {
      registered = null;
      return null;
    });
  return registered;
}

/** POSTs an operation to /graphql, by its hash when registered; resolves to { data, errors } (a network failure becomes a NETWORK error). */
async function graphql(query, variables) {
  const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  const manifest = await registeredOperations();
  const id = manifest?.operations?.[operationName];
  let res;
  try {
    res = await authorizedFetch('/graphql', {
      method: 'POST',
      // JSON content type: the gateway's CSRF prevention refuses "simple" requests.
      headers: {
        'content-type': 'application/json',
        'apollographql-client-name': CLIENT_NAME,
        'apollographql-client-version': manifest?.version ?? 'unregistered',
      },
      body: JSON.stringify(id ? { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } } : { query, operationName, variables }),
    });
  } catch {
    return { errors: [{ extensions: { code: 'NETWORK' } }] };
  }
  let result;
  try {
    result = await res.json();
  } catch {
    return { errors: [{ extensions: { code: res.status === 429 ? 'RATE_LIMITED' : `HTTP_${res.status}` } }] };
  }
  // The gateway has another release's operations: the next load reads their ids again.
  if (result && firstCode(result) === 'PERSISTED_QUERY_NOT_ALLOWED') registered = null;
  return result;
}

// ---- signing in and out ----------------------------------------------------------------------

/** A pasted token's claims, for the header only (the gateway verifies the token; the page does not). */
function claims(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}

function showError(node, code, options = {}) {
  if (!code) {
    node.hidden = true;
    node.textContent = '';
    delete node.dataset.code;
    return;
  }
  node.hidden = false;
  node.dataset.code = code;
  node.textContent = `${message(code, options)} [${code}]`;
}

/** The sign-in panel, with what ended the last session (or the sign-in's refusal) when there is one. */
function showLogin(code, options = {}) {
  clearSession();
  destroyCharts();
  $('app').hidden = true;
  $('session').hidden = true;
  $('who').replaceChildren();
  $('login').hidden = false;
  showError($('login-error'), code, options);
  document.body.dataset.state = code ? 'refused' : 'signed-out';
}

/**
 * Ends the session: revokes the refresh token at /auth/logout (after any exchange under way, so
 * the newest one is revoked), then forgets everything and shows the sign-in panel.
 */
async function signOut(code) {
  const context = sessionContext();
  clearTimeout(refreshTimer);
  refreshTimer = null;
  $('logout').disabled = true;
  await refreshing;
  const presented = refreshToken();
  sessionStorage.removeItem(KEYS.refresh);
  // Whether or not the gateway answers, the page forgets the tokens.
  if (presented) await postAuth('/auth/logout', { refreshToken: presented });
  $('logout').disabled = false;
  showLogin(code, { context });
}

/** The header: the account's name, then its role and province (a pasted token: its role and province). */
function showWho() {
  const identity = storedIdentity();
  const { displayName, role, province } = identity ?? claims(token());
  const who = $('who');
  who.dataset.source = identity ? 'account' : 'token';
  who.replaceChildren(
    ...(displayName ? [el('span', { class: 'who-name' }, displayName), ' · '] : []),
    el('span', { class: 'who-role' }, [role ?? 'token', province].filter(Boolean).join(' · ')),
  );
}

function showApp() {
  showWho();
  $('login').hidden = true;
  $('session').hidden = false;
  $('app').hidden = false;
  showError($('login-error'), null);
}

/** The sign-in form: POST /auth/login, then the page with the new session. */
async function signIn(event) {
  event.preventDefault();
  const username = $('username').value.trim();
  const password = $('password').value;
  if (!username || !password) return showError($('login-error'), 'BAD_USER_INPUT', { context: 'login' });
  const button = $('login-submit');
  button.disabled = true;
  showError($('login-error'), null);
  document.body.dataset.state = 'signing-in';
  const answer = await postAuth('/auth/login', { username, password });
  button.disabled = false;
  $('password').value = '';
  if (answer.code || !answer.body?.accessToken) {
    const code = answer.code ?? 'INTERNAL_SERVER_ERROR';
    showError($('login-error'), code, { context: 'login', retryAfter: answer.retryAfter });
    if (answer.retryAfter) $('login-error').dataset.retryAfter = String(answer.retryAfter);
    document.body.dataset.state = 'refused';
    return;
  }
  delete $('login-error').dataset.retryAfter;
  clearSession();
  keepSession(answer.body);
  $('username').value = '';
  return start();
}

/** The developers' option: a pasted access token, kept until sign-out (it is not refreshed). */
function useToken(event) {
  event.preventDefault();
  const value = $('token')
    .value.trim()
    .replace(/^Bearer\s+/i, '');
  if (!value) return;
  clearSession();
  sessionStorage.setItem(KEYS.access, value);
  $('token').value = '';
  return start();
}

// ---- filters ---------------------------------------------------------------------------------

const isoDate = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The whole year, or up to today for the current one. */
function setYear(year) {
  const today = isoDate(new Date());
  $('year').value = String(year);
  $('from').value = `${year}-01-01`;
  const end = `${year}-12-31`;
  $('to').value = end < today ? end : today;
}

function filters() {
  return {
    year: Number($('year').value),
    from: $('from').value,
    to: $('to').value,
    province: $('province').value || undefined,
  };
}

/** Keeps the province picker's options: every province seen in an unfiltered report. */
function rememberProvinces(rows) {
  const select = $('province');
  const known = new Set([...select.options].map((o) => o.value));
  for (const province of [...new Set(rows.map((r) => r.library.province))].sort()) {
    if (!known.has(province)) select.append(el('option', { value: province }, province));
  }
}

// ---- the region's table ------------------------------------------------------------------------

const COLUMNS = [
  { group: 'Perpustakaan · Library', label: 'Kota · City', kind: 'text', get: (r) => r.library.city, head: true },
  { group: 'Wilayah · Area', label: 'Penduduk · Population', kind: 'int', get: (r) => r.population, always: true },
  { group: 'Wilayah · Area', label: 'Data tercatat · Data recorded', kind: 'coverage', get: (r) => r.collections?.coverage, part: (r) => r.collections },
  { group: 'Tenaga · Staff', label: 'Pustakawan · Librarians', kind: 'int', part: (r) => r.staff, get: (r) => r.staff?.librarians },
  { group: 'Tenaga · Staff', label: 'Terlatih · Trained', kind: 'percent', part: (r) => r.staff, get: (r) => r.staff?.trainedPercent },
  { group: 'Tenaga · Staff', label: 'Jam latih/orang · Training h/person', kind: 'dec1', part: (r) => r.staff, get: (r) => r.staff?.trainingHoursPerLibrarian },
  { group: 'Koleksi · Collections', label: 'Judul · Titles', kind: 'int', part: (r) => r.collections, get: (r) => r.collections?.titles },
  { group: 'Koleksi · Collections', label: 'Eksemplar · Items', kind: 'int', part: (r) => r.collections, get: (r) => r.collections?.items },
  { group: 'Koleksi · Collections', label: 'Anggota aktif · Active members', kind: 'int', part: (r) => r.collections, get: (r) => r.collections?.activeMembers },
  { group: 'Koleksi · Collections', label: 'Peminjaman · Loans', kind: 'int', part: (r) => r.collections, get: (r) => r.collections?.loans },
  // loansPerCapita is rounded and reads 0,000 for a city's few loans: per 1 000 inhabitants says more.
  {
    group: 'Koleksi · Collections',
    label: 'Pinjaman per 1.000 jiwa · Loans per 1,000',
    kind: 'dec1',
    part: (r) => r.collections,
    get: (r) => perThousand(r.collections?.loans, r.population),
  },
  { group: 'Koleksi · Collections', label: 'Kunjungan · Visits', kind: 'int', part: (r) => r.collections, get: (r) => r.collections?.visits },
  { group: 'Koleksi · Collections', label: 'Terlambat · Overdue', kind: 'ratio', part: (r) => r.collections, get: (r) => r.collections?.overdueRate },
  { group: 'Kegiatan · Events', label: 'Kegiatan · Events', kind: 'int', part: (r) => r.events, get: (r) => r.events?.events },
  { group: 'Kegiatan · Events', label: 'Pendaftar · Registrations', kind: 'int', part: (r) => r.events, get: (r) => r.events?.registrations },
  { group: 'Kegiatan · Events', label: 'Hadir · Attendance', kind: 'int', part: (r) => r.events, get: (r) => r.events?.attendance },
  { group: 'Kegiatan · Events', label: 'Tingkat hadir · Rate', kind: 'ratio', part: (r) => r.events, get: (r) => r.events?.attendanceRate },
  { group: 'Kegiatan · Events', label: 'Kepuasan (1–5) · Satisfaction', kind: 'dec1', part: (r) => r.events, get: (r) => r.events?.satisfactionScore },
  { group: 'Kemitraan · Partnerships', label: 'Mitra aktif · Partners', kind: 'int', part: (r) => r.partnerships, get: (r) => r.partnerships?.activePartners },
  { group: 'Kemitraan · Partnerships', label: 'Perjanjian · Agreements', kind: 'int', part: (r) => r.partnerships, get: (r) => r.partnerships?.activeAgreements },
  { group: 'Kemitraan · Partnerships', label: 'Kunjungan sekolah · School visits', kind: 'int', part: (r) => r.partnerships, get: (r) => r.partnerships?.schoolVisits },
  { group: 'Kemitraan · Partnerships', label: 'Dana · Funding', kind: 'rupiah', part: (r) => r.partnerships, get: (r) => r.partnerships?.fundingReceived },
];

const PARTS = [
  ['Koleksi · Collections', (r) => r.collections],
  ['Kegiatan · Events', (r) => r.events],
  ['Tenaga · Staff', (r) => r.staff],
  ['Kemitraan · Partnerships', (r) => r.partnerships],
];

/**
 * A figure's cell. A part that did not answer (a service down) is "—"; a figure the API says was
 * not recorded (null in an answered part) is "tidak ada data", never 0.
 */
function figureCell(column, row) {
  const value = column.get(row);
  const answered = column.always || column.part?.(row) != null;
  if (column.kind === 'coverage') {
    if (!answered) return el('td', { class: 'na', title: 'Layanan tidak menjawab · service did not answer' }, '—');
    // Each part's own record in the tooltip: the cell shows the collections' (loans and visits).
    const parts = PARTS.map(([name, part]) => `${name}: ${part(row)?.coverage ? formatSpan(part(row).coverage) : `${NO_DATA} · ${NO_DATA_GLOSS}`}`).join('\n');
    return value
      ? el('td', { class: 'coverage', title: parts, dataset: { from: value.from, through: value.through } }, formatSpan(value))
      : el('td', { class: 'na nodata', title: parts }, el('span', {}, NO_DATA), el('small', {}, NO_DATA_GLOSS));
  }
  if (value != null) return el('td', { class: 'num' }, FORMATS[column.kind](value));
  if (!answered) return el('td', { class: 'num na', title: 'Layanan tidak menjawab · service did not answer' }, '—');
  return el('td', { class: 'num na nodata', title: `${NO_DATA} · ${NO_DATA_GLOSS}` }, el('span', {}, NO_DATA), el('small', {}, NO_DATA_GLOSS));
}

/** The earliest first day and the latest last day of the libraries' collection records. */
function regionCoverage(rows) {
  const spans = rows.map((r) => r.collections?.coverage).filter(Boolean);
  if (!spans.length) return null;
  return {
    from: spans.map((s) => s.from).sort()[0],
    through: spans
      .map((s) => s.through)
      .sort()
      .at(-1),
  };
}

function renderCoverage(rows) {
  const span = regionCoverage(rows);
  const node = $('coverage');
  if (!span) {
    node.textContent = rows.length ? `Data tercatat · Data recorded: ${NO_DATA} · ${NO_DATA_GLOSS}` : '';
    delete node.dataset.from;
    delete node.dataset.through;
    return;
  }
  node.dataset.from = span.from;
  node.dataset.through = span.through;
  node.textContent = `Data tercatat: ${formatSpan(span)} · Data recorded (first loan or visitor count to yesterday)`;
}

const byCity = (a, b) => a.library.city.localeCompare(b.library.city, 'id');

/** "Indonesian · English" as two lines, so that the many columns stay narrow. */
const bilingual = (label) => {
  const [id, en] = label.split(' · ');
  return en ? [el('span', {}, id), el('small', {}, en)] : label;
};

function renderReport(rows) {
  const groups = [];
  for (const column of COLUMNS) {
    const last = groups[groups.length - 1];
    if (last?.name === column.group) last.span += 1;
    else groups.push({ name: column.group, span: 1 });
  }
  const thead = $('report').tHead;
  thead.replaceChildren(
    el(
      'tr',
      { class: 'groups' },
      groups.map((g, i) => el('th', { colspan: g.span, scope: 'colgroup', class: i === 0 ? 'city' : undefined }, g.name)),
    ),
    el(
      'tr',
      {},
      COLUMNS.map((c) => el('th', { scope: 'col', class: c.head ? 'city' : c.kind === 'text' || c.kind === 'coverage' ? '' : 'num' }, bilingual(c.label))),
    ),
  );
  const tbody = $('report').tBodies[0];
  if (!rows.length) {
    tbody.replaceChildren(el('tr', {}, el('td', { colspan: COLUMNS.length, class: 'empty' }, 'Tidak ada perpustakaan · No library in this selection')));
    return;
  }
  tbody.replaceChildren(
    ...[...rows].sort(byCity).map((row) =>
      el(
        'tr',
        { dataset: { library: row.library.id } },
        COLUMNS.map((c) =>
          // The city's cell names its province too (one column less to scroll); it stays in view when the table scrolls.
          c.head
            ? el('th', { scope: 'row', class: 'city', title: row.library.name }, el('span', { class: 'city' }, c.get(row)), el('small', {}, row.library.province))
            : figureCell(c, row),
        ),
      ),
    ),
  );
}

// ---- the literacy index ------------------------------------------------------------------------

function renderLiteracy(result) {
  const box = $('literacy');
  const code = firstCode(result);
  if (code || !Array.isArray(result.data?.literacyIndex)) {
    // An API without literacyIndex refuses the query at validation: the index is not there (yet).
    const absent = code === 'GRAPHQL_VALIDATION_FAILED';
    box.dataset.state = absent ? 'unavailable' : 'error';
    box.replaceChildren(
      el(
        'p',
        { class: 'notice', dataset: { code: code ?? 'NO_DATA' } },
        absent
          ? 'Indeks belum tersedia · index not available'
          : `Indeks tidak dapat dimuat · index not available: ${message(code ?? 'NO_DATA', { context: sessionContext() })} [${code ?? 'NO_DATA'}]`,
      ),
    );
    return;
  }
  const rows = [...result.data.literacyIndex].sort(byCity);
  box.dataset.state = 'ready';
  if (!rows.length) {
    box.replaceChildren(el('p', { class: 'notice' }, 'Tidak ada data · No data for this year'));
    return;
  }
  box.replaceChildren(...rows.map(literacyCard));
}

function literacyCard(row) {
  const band = row.band ?? 'NONE';
  const label = row.bandLabel ?? BAND_LABELS[row.band] ?? 'Tidak dapat dihitung';
  return el(
    'article',
    { class: 'city-index', dataset: { library: row.library.id, band } },
    el('header', {}, el('h3', {}, row.library.city), el('span', { class: 'band', dataset: { band } }, label)),
    el(
      'p',
      { class: 'index-value' },
      row.index == null ? el('span', { class: 'na' }, '—') : DEC1.format(row.index),
      el('small', {}, row.index == null ? ` belum lengkap · incomplete: ${row.missingElements.join(', ')}` : ' / 100'),
    ),
    el('ol', { class: 'elements' }, row.elements.map(elementItem)),
  );
}

function elementItem(element) {
  const figures = element.figures.map((f) => `${f.name}: ${f.value == null ? `${NO_DATA} · ${NO_DATA_GLOSS}` : figureFormat(f.value)}`).join(' · ');
  return el(
    'li',
    { dataset: { code: element.code, missing: element.missing ? 'true' : 'false' }, title: figures || undefined },
    el('span', { class: 'code' }, element.code),
    el('span', { class: 'name' }, element.name),
    element.missing
      ? el('span', { class: 'missing', title: element.reason ?? undefined }, `${NO_DATA} · missing`)
      : el('span', { class: 'value' }, element.value == null ? '—' : DEC1.format(element.value)),
  );
}

// ---- trend charts ------------------------------------------------------------------------------

const CHARTS = [
  { canvas: 'chart-loans', value: (m) => m.collections?.loans },
  { canvas: 'chart-visits', value: (m) => m.collections?.visits },
  { canvas: 'chart-attendance', value: (m) => m.events?.attendance },
];

function destroyCharts() {
  if (!Chart) return;
  for (const c of CHARTS) Chart.getChart($(c.canvas))?.destroy();
}

const monthLabel = new Intl.DateTimeFormat('id-ID', { month: 'short', timeZone: 'UTC' });

function renderTrends(trends) {
  destroyCharts();
  const sorted = [...trends].sort(byCity);
  // The month under way (today's, by this computer's date) holds only the days up to yesterday: its
  // point is marked (an asterisk on its label, a dashed line to it), so a low count is not read as a fall.
  const today = isoDate(new Date());
  const months = sorted[0]?.months ?? [];
  const partial = months.findIndex((m) => m.from <= today && today <= m.to);
  const labels = months.map((m, i) => `${monthLabel.format(new Date(`${m.from}T00:00:00Z`))}${i === partial ? '*' : ''}`);
  $('trends-partial').hidden = partial < 0;
  for (const spec of CHARTS) {
    new Chart($(spec.canvas), {
      type: 'line',
      data: {
        labels,
        datasets: sorted.map((t, i) => ({
          label: t.library.city,
          // null (not recorded, or a month still ahead) is a gap in the line, never a 0.
          data: t.months.map((m) => spec.value(m) ?? null),
          spanGaps: false,
          segment: { borderDash: (ctx) => (ctx.p1DataIndex === partial ? [6, 4] : undefined) },
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length],
          tension: 0.25,
          pointRadius: 2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: { duration: 300 },
        interaction: { mode: 'index', intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: (v) => INT.format(v) } } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label}: ${item.raw == null ? `${NO_DATA} · ${NO_DATA_GLOSS}` : INT.format(item.raw)}${item.dataIndex === partial && item.raw != null ? ' (bulan berjalan · so far)' : ''}`,
              // The cities without a figure that month say so (Chart.js leaves their gap out of the list).
              afterBody: (items) => {
                const index = items[0]?.dataIndex;
                if (index === undefined) return [];
                const shown = new Set(items.map((item) => item.datasetIndex));
                const chart = items[0].chart;
                return chart.data.datasets.filter((d, i) => !shown.has(i) && d.data[index] == null).map((d) => `${d.label}: ${NO_DATA} · ${NO_DATA_GLOSS}`);
              },
            },
          },
        },
      },
    });
  }
}

// ---- exports -----------------------------------------------------------------------------------

function exportUrl(format) {
  const { year, from, to, province } = filters();
  // The year the console shows, also when `from` was edited by hand into another year.
  const params = new URLSearchParams({ from, to, year: String(year) });
  if (province) params.set('province', province);
  return `/reports/regional.${format}?${params}`;
}

function updateExportLinks() {
  $('export-csv').href = exportUrl('csv');
  $('export-xlsx').href = exportUrl('xlsx');
}

/** The exports need the bearer header, so a plain link cannot fetch them: fetch, then save the blob. */
async function download(event) {
  event.preventDefault();
  const url = event.currentTarget.href;
  showError($('export-error'), null);
  let res;
  try {
    res = await authorizedFetch(url);
  } catch {
    return showError($('export-error'), 'NETWORK');
  }
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    return showError($('export-error'), codeOf(body.errors?.[0]), { context: sessionContext() });
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? url.split('/').pop().split('?')[0];
  const href = URL.createObjectURL(await res.blob());
  const link = el('a', { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

// ---- loading -----------------------------------------------------------------------------------

async function load() {
  const f = filters();
  document.body.dataset.state = 'loading';
  $('status').textContent = 'Memuat… · Loading…';
  showError($('app-error'), null);
  updateExportLinks();

  const [report, trends, literacy] = await Promise.all([
    graphql(REPORT_QUERY, { from: f.from, to: f.to, province: f.province }),
    graphql(TRENDS_QUERY, { year: f.year, province: f.province }),
    graphql(LITERACY_QUERY, { year: f.year, province: f.province }),
  ]);

  // Signed out while the answers were on their way: they are not shown.
  if (!token()) return;
  // Counted for whoever waits on the page (the browser test): one more finished load.
  const finished = () => (document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1));
  const refusal = [report, trends].map(firstCode).find(isRefusal);
  if (refusal) {
    // A token or account that may not see the region, or a session that is over: nothing of it is kept.
    await signOut(refusal);
    return finished();
  }
  finished();

  if (report.data?.regionalReport) {
    if (!f.province) rememberProvinces(report.data.regionalReport);
    renderReport(report.data.regionalReport);
    renderCoverage(report.data.regionalReport);
  } else {
    renderReport([]);
    renderCoverage([]);
  }
  if (trends.data?.regionalTrends) renderTrends(trends.data.regionalTrends);
  else destroyCharts();
  renderLiteracy(literacy);

  // Partial data (a subgraph down) still renders, with its figures as "—" and the code shown.
  const problem = firstCode(report) ?? firstCode(trends);
  showError($('app-error'), problem, { context: sessionContext() });
  $('status').textContent = `Diperbarui · Updated ${new Date().toLocaleTimeString('id-ID')} — ${f.from} s/d ${f.to}`;
  document.body.dataset.state = 'ready';
}

function start() {
  showApp();
  return load();
}

function init() {
  setYear(new Date().getFullYear());
  $('login-form').addEventListener('submit', signIn);
  $('token-form').addEventListener('submit', useToken);
  $('logout').addEventListener('click', () => signOut(null));
  $('year').addEventListener('change', () => {
    const year = Number($('year').value);
    if (year >= 2000 && year <= 2100) setYear(year);
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  for (const id of ['from', 'to', 'province']) $(id).addEventListener('change', updateExportLinks);
  $('export-csv').addEventListener('click', download);
  $('export-xlsx').addEventListener('click', download);

  if (!Chart) $('status').textContent = 'Chart.js tidak termuat · Chart.js did not load';
  // A reload of a signed-in tab: the session goes on (refreshed now if its time has come).
  if (token()) {
    scheduleRefresh();
    start();
  } else showLogin(null);
}

init();
