/** Value parsers with compose's (Go's) semantics. Each returns undefined for text it cannot read, never throws. */

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration ("1m30s", "500ms", "10s"); a bare number is seconds as compose-spec allows. Returns ns. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 1e9) : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '0') return 0;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(parseFloat(s) * 1e9);
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  let sign = 1;
  let t = s;
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t[0] === '-' ? -1 : 1;
    t = t.slice(1);
  }
  if (!t) return undefined;
  while (i < t.length) {
    re.lastIndex = i;
    const m = re.exec(t);
    if (!m) return undefined;
    total += parseFloat(m[1]) * DURATION_UNITS[m[2]];
    i = re.lastIndex;
  }
  return sign * Math.round(total);
}

/** docker/go-units RAMInBytes: "512m", "1g", "100MB", "1GiB"; binary multiples. */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?$/i.exec(v.trim());
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[m[2].toLowerCase() as '' | 'k'];
  return Math.floor(parseFloat(m[1]) * mult);
}

/** "0.5" -> 500000000 NanoCPUs, as the CLI's opts.ParseCPUs. */
export function parseCpus(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^(?:\d+(?:\.\d+)?|\.\d+)$/.test(v.trim()) ? parseFloat(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e9) : undefined;
}

/** mattn/go-shellwords as compose uses it for `command:`/`entrypoint:` strings: quotes and backslashes, no expansion. */
export function shellSplit(s: string): string[] | { error: string } {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: '"' | "'" | '' = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q === "'") {
      if (c === "'") q = '';
      else cur += c;
      continue;
    }
    if (q === '"') {
      if (c === '"') q = '';
      else if (c === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) cur += s[++i];
      else cur += c;
      continue;
    }
    if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
      continue;
    }
    if (c === '"' || c === "'") {
      q = c;
      has = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (has) {
        out.push(cur);
        cur = '';
        has = false;
      }
      continue;
    }
    cur += c;
    has = true;
  }
  if (q) return { error: `unterminated ${q === '"' ? 'double' : 'single'} quote` };
  if (has) out.push(cur);
  return out;
}

/** A `--image-map FROM=TO` rule: FROM is a glob (`*` matches anything, `/` and `:` included); each `*` in TO takes the text FROM's `*` matched, in order. */
export interface ImageMapping {
  from: string;
  to: string;
  re: RegExp;
}

export function parseImageMapping(arg: string): ImageMapping | { error: string } {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1) return { error: `--image-map wants FROM=TO (a glob and an image), got "${arg}"` };
  const from = arg.slice(0, eq);
  const to = arg.slice(eq + 1);
  const stars = (from.match(/\*/g) ?? []).length;
  const toStars = (to.match(/\*/g) ?? []).length;
  if (toStars > stars) return { error: `--image-map "${arg}": TO has more * than FROM has to fill them` };
  const re = new RegExp(
    '^' +
      from
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('(.*)') +
      '$',
  );
  return { from, to, re };
}

/** The image after the first matching mapping; the image itself when none matches. */
export function mapImage(image: string, mappings: readonly ImageMapping[]): string {
  for (const m of mappings) {
    const r = m.re.exec(image);
    if (!r) continue;
    let k = 1;
    return m.to.replace(/\*/g, () => r[k++] ?? '');
  }
  return image;
}
