// The one place that scrubs secrets from text: every log line and every
// error message shown to a person goes through `redact`.

const SECRET_KEYS = /^(token|securetoken|downloadtoken|systempassword|userpassword|password)$/i;
const MASK = '«redacted»';

/** Values learnt at run time (tokens, passwords) that must never be shown. */
const knownSecrets = new Set<string>();

/** Remembers a secret value so that `redact` masks it wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  // Very short values would mask ordinary words; real tokens and passwords are longer.
  if (value && value.length >= 4) {
    knownSecrets.add(value);
  }
}

export function forgetSecrets(): void {
  knownSecrets.clear();
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

/** Masks known secret values and `"Token": "..."`-style pairs in free text. */
export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    out = out.split(secret).join(MASK);
  }
  return out.replace(
    /((?<![A-Za-z0-9_])"?(?:Token|SecureToken|DownloadToken|SystemPassword|UserPassword|Password)"?\s*[:=]\s*)("[^"]*"|[^\s,}]+)/gi,
    (_match, key: string, val: string) => (val === 'null' || val === '""' ? key + val : `${key}"${MASK}"`),
  );
}
