/** A `.env` file as compose reads it: KEY=VALUE lines, `export`, quotes, comments. */
export interface DotenvEntry { name: string; value: string; line: number }
export interface DotenvProblem { line: number; message: string }
export interface Dotenv { path: string; entries: Map<string, DotenvEntry>; problems: DotenvProblem[] }

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseDotenv(path: string, text: string): Dotenv {
  const entries = new Map<string, DotenvEntry>();
  const problems: DotenvProblem[] = [];
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);   // a byte-order mark is not part of the first name
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trim();
    const eq = line.indexOf('=');
    const name = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (!NAME.test(name)) { problems.push({ line: i, message: `"${name}" is not a variable name` }); continue; }
    if (eq < 0) continue;   // `NAME` alone: taken from the environment by compose; nothing to record
    let raw = line.slice(eq + 1).trim();
    let value: string;
    const q = raw[0];
    if (q === '"' || q === "'") {
      // A quoted value may span lines until the closing quote.
      // Each line is scanned once (rescanning the whole body per line was quadratic in an unterminated quote).
      let body = raw.slice(1);
      const scan = { from: 0 };
      let end = findClosing(body, q, scan);
      while (end < 0 && i + 1 < lines.length) { body += '\n' + lines[++i]; end = findClosing(body, q, scan); }
      if (end < 0) { problems.push({ line: i, message: `unterminated ${q} quote in the value of ${name}` }); value = body; }
      else value = body.slice(0, end);
      if (q === '"') value = value.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c);
    } else {
      const hash = raw.search(/\s#/);
      if (hash >= 0) raw = raw.slice(0, hash);
      value = raw.trim();
    }
    entries.set(name, { name, value, line: i });
  }
  return { path, entries, problems };
}

/** The closing quote's index from `scan.from` on, or -1; `scan.from` is left where the next call resumes. */
function findClosing(s: string, q: string, scan: { from: number }): number {
  let i = scan.from;
  for (; i < s.length; i++) {
    if (s[i] === '\\' && q === '"') { i++; continue; }
    if (s[i] === q) return i;
  }
  scan.from = i;
  return -1;
}
