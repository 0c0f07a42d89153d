// Inspect documents are for reading and for pasting into issues: values of secret-looking environment
// variables and the swarm's join tokens are masked so neither leaks through a screenshot or a paste.

export const MASK = '********';

/** Names that usually hold credentials: PASSWORD, MONGO_PASS, API_KEY, AWS_SECRET_ACCESS_KEY, JWT_TOKEN... */
export const SECRET_NAME = /pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth|_key$|^key$/i;

/** `NAME=value` -> `NAME=********` when NAME looks secret. Values already referring to files are kept. */
export function maskEnvEntry(entry: string): string {
  const eq = entry.indexOf('=');
  if (eq <= 0) return entry;
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  if (!SECRET_NAME.test(name) || value === '' || /_FILE$/i.test(name)) return entry;
  return `${name}=${MASK}`;
}

/**
 * A deep copy of an inspect object with every `Env` array masked (service spec, previous spec, task spec,
 * container config) and swarm join tokens / unlock keys replaced. The input is not modified.
 */
export function maskSecrets<T>(value: T): T {
  return maskValue(value, undefined) as T;
}

function maskValue(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) {
    if (key === 'Env') return value.map((e) => (typeof e === 'string' ? maskEnvEntry(e) : maskValue(e, undefined)));
    return value.map((v) => maskValue(v, undefined));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if ((k === 'Worker' || k === 'Manager') && key === 'JoinTokens' && typeof v === 'string') out[k] = MASK;
      else if (k === 'UnlockKey' && typeof v === 'string') out[k] = MASK;
      else out[k] = maskValue(v, k);
    }
    return out;
  }
  return value;
}
