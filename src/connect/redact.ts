// The one place that scrubs secrets from text: every log line and every
// error message shown to a person goes through `redact`.
//
// The values it masks are held no longer than they are needed:
//   - a session's secrets (its tokens, the system password kept for renewal, the
//     DownloadTokens and download URLs it obtained) are forgotten together when the
//     session ends (`endSessionSecrets`); a renewal keeps them (`sessionSecrets`);
//   - a value needed only during one request (the user password) is held for that
//     request alone (`holdSecrets`), so none is kept once CreateSession has returned;
//   - however long a session runs, at most MAX_SECRETS values are kept: the oldest go first.
// Masking a line costs one pass over it whatever the number of secrets (see Matcher).

const SECRET_KEYS = /^(token|securetoken|downloadtoken|systempassword|userpassword|password)$/i;
const MASK = '«redacted»';
/** Very short values would mask ordinary words; real tokens and passwords are longer. */
const MIN_SECRET_LENGTH = 4;
/** Enough for a check of many thousand images (one DownloadToken per offering each); bounded all the same. */
export const MAX_SECRETS = 20_000;

/** Registered values, oldest first (a Map keeps insertion order), each with whether it belongs to the current session. */
const registered = new Map<string, { session: boolean }>();
/** Values held for the duration of a request, with how many requests hold each. */
const held = new Map<string, number>();
let matcher: Matcher | undefined;

function changed(): void {
  matcher = undefined;
}

function usable(value: string | undefined | null): value is string {
  return typeof value === 'string' && value.length >= MIN_SECRET_LENGTH;
}

function add(value: string, session: boolean): void {
  const before = registered.get(value);
  // Re-registering refreshes the value's age, so that a value in use is the last to go.
  registered.delete(value);
  registered.set(value, { session: session || (before?.session ?? false) });
  while (registered.size > MAX_SECRETS) {
    const oldest = registered.keys().next().value as string;
    registered.delete(oldest);
  }
  changed();
}

/** True while a session is open: values registered now belong to it. */
let sessionOpen = false;

/**
 * Remembers secret values so that `redact` masks them wherever they appear. While a
 * session is open they belong to it and are forgotten when it ends.
 */
export function registerSecret(...values: (string | undefined | null)[]): void {
  for (const value of values) {
    if (usable(value)) add(value, sessionOpen);
  }
}

/**
 * The session's own secrets (tokens, kept system password). `continued`: a renewal of
 * the session whose secrets are registered, which keeps them; otherwise the previous
 * session's secrets are forgotten first.
 */
export function sessionSecrets(values: (string | undefined | null)[], continued: boolean): void {
  if (!continued) endSessionSecrets();
  sessionOpen = true;
  registerSecret(...values);
}

/** The session ended: every secret that belonged to it is forgotten. Values held by a request in flight stay masked until it ends. */
export function endSessionSecrets(): void {
  sessionOpen = false;
  for (const [value, info] of registered) {
    if (info.session) registered.delete(value);
  }
  changed();
}

/** Masks `values` until the returned function is called: for a secret a request needs and nobody keeps. */
export function holdSecrets(...values: (string | undefined | null)[]): () => void {
  const mine = values.filter(usable);
  for (const v of mine) held.set(v, (held.get(v) ?? 0) + 1);
  if (mine.length) changed();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const v of mine) {
      const n = (held.get(v) ?? 1) - 1;
      if (n > 0) held.set(v, n);
      else held.delete(v);
    }
    if (mine.length) changed();
  };
}

/** Forgets every value (tests start from none). */
export function forgetSecrets(): void {
  registered.clear();
  held.clear();
  sessionOpen = false;
  changed();
}

/** How many values are masked now (registered or held), and whether `value` is one of them. */
export function secretsKept(value?: string): { count: number; has: boolean } {
  const all = new Set([...registered.keys(), ...held.keys()]);
  return { count: all.size, has: value !== undefined && all.has(value) };
}

/**
 * Finds every known secret in a text in one pass: the secrets are indexed by their first
 * KEY characters (all of them when shorter), so each position of the text costs a few
 * map lookups and compares only the secrets sharing that prefix, however many there are.
 */
class Matcher {
  private static readonly KEY = 8;
  private readonly byPrefix = new Map<string, string[]>();
  /** The prefix lengths in use, longest first (at most KEY - MIN_SECRET_LENGTH + 1 of them). */
  private readonly keyLengths: number[];
  /** First characters of the secrets: most positions of a text are passed over on this test alone. */
  private readonly firstChars = new Set<number>();
  /** Candidate comparisons made by the last `redact`: the work, for the tests. */
  lastCost = 0;

  constructor(secrets: Iterable<string>) {
    const lengths = new Set<number>();
    for (const s of secrets) {
      const k = Math.min(s.length, Matcher.KEY);
      lengths.add(k);
      this.firstChars.add(s.charCodeAt(0));
      const key = s.slice(0, k);
      const list = this.byPrefix.get(key);
      if (list) list.push(s);
      else this.byPrefix.set(key, [s]);
    }
    // Longest first, so that the longest secret wins where one is a prefix of another.
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
    this.keyLengths = [...lengths].sort((a, b) => b - a);
  }

  redact(text: string): string {
    this.lastCost = 0;
    if (this.byPrefix.size === 0) return text;
    let out = '';
    let copied = 0;
    let i = 0;
    while (i <= text.length - MIN_SECRET_LENGTH) {
      const hit = this.firstChars.has(text.charCodeAt(i)) ? this.longestAt(text, i) : undefined;
      if (hit) {
        out += text.slice(copied, i) + MASK;
        i += hit.length;
        copied = i;
      } else {
        i++;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  /**
   * The longest secret at `i`. A secret indexed by a shorter prefix is exactly that long,
   * so shorter than any indexed by a longer one: with the prefix lengths tried longest
   * first and each list longest first, the first match is the longest.
   */
  private longestAt(text: string, i: number): string | undefined {
    for (const k of this.keyLengths) {
      if (i + k > text.length) continue;
      const candidates = this.byPrefix.get(text.slice(i, i + k));
      if (!candidates) continue;
      for (const s of candidates) {
        this.lastCost++;
        if (text.startsWith(s, i)) return s;
      }
    }
    return undefined;
  }
}

function currentMatcher(): Matcher {
  matcher ??= new Matcher(new Set([...registered.keys(), ...held.keys()]));
  return matcher;
}

/** Candidate comparisons the last `redact` made: stays flat as the number of secrets grows (tests). */
export function lastRedactionCost(): number {
  return currentMatcher().lastCost;
}

/** Copies a JSON-like value with every secret-named field masked. */
export function redactObject(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactObject);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.test(key) && inner !== null && inner !== '' ? MASK : redactObject(inner);
    }
    return out;
  }
  return typeof value === 'string' ? redact(value) : value;
}

const FIELD_NAMES = 'Token|SecureToken|DownloadToken|SystemPassword|UserPassword|Password';
/**
 * `"Token": "…"`, `SecureToken=…`: a field name as the API spells it (quoted, also in lower
 * case), then `:` or `=` and the value. Not case-blind: prose such as "the old token: sign
 * in again" is not a field.
 */
const FIELD_PAIR = new RegExp(`((?<![A-Za-z0-9_])(?:"(?:${FIELD_NAMES}|${FIELD_NAMES.toLowerCase()})"|(?:${FIELD_NAMES}))\\s*[:=]\\s*)("[^"]*"|[^\\s,}]+)`, 'g');

/** Masks known secret values and `"Token": "..."`-style pairs in free text. */
export function redact(text: string): string {
  return currentMatcher()
    .redact(text)
    .replace(FIELD_PAIR, (_match, key: string, val: string) => (val === 'null' || val === '""' ? key + val : `${key}"${MASK}"`));
}
