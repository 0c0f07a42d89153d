import { basename } from 'path';
import { type Finding, shortMessage } from '../diagnostic';
import { isNameChar, isNameStart, isSpaceAt } from '../model/chars';
import { SourceFile } from '../model/source';
import type { FileReader } from './files';

/** A `.env` file as compose reads it: KEY=VALUE lines, `export`, quotes, comments. */
export interface DotenvEntry {
  name: string;
  value: string;
  line: number;
}
export interface DotenvProblem {
  line: number;
  message: string;
}
export interface Dotenv {
  path: string;
  entries: Map<string, DotenvEntry>;
  problems: DotenvProblem[];
}

// The lines and names of a .env are read by code, not regexes: a regex is compiled anew in every CLI process.

/** `/^[A-Za-z_][A-Za-z0-9_.-]*$/`: a name compose accepts in a .env. */
function isDotenvName(s: string): boolean {
  if (s === '' || !isNameStart(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isNameChar(c) && c !== 46 && c !== 45) return false;
  }
  return true;
}

/** `text.split(/\r?\n/)`. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  // The `\r` of a `\r\n` goes; the last line has no `\n` after it, so its `\r` stays.
  for (let i = 0; i < lines.length - 1; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

/** `s.search(/\s#/)`: where a comment starts after a space in an unquoted value, or -1. */
function commentStart(s: string): number {
  for (let i = s.indexOf('#', 1); i > 0; i = s.indexOf('#', i + 1)) if (isSpaceAt(s, i - 1)) return i - 1;
  return -1;
}

export function parseDotenv(path: string, text: string): Dotenv {
  const entries = new Map<string, DotenvEntry>();
  const problems: DotenvProblem[] = [];
  const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // a byte-order mark is not part of the first name
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trim();
    const eq = line.indexOf('=');
    const name = (eq < 0 ? line : line.slice(0, eq)).trim();
    // Said by line number only: a .env that is really a credentials file (a symlink, a paste) must not be echoed.
    if (!isDotenvName(name)) {
      problems.push({ line: i, message: `line ${i + 1} is not NAME=value (the name must be letters, digits and _ . -, not starting with a digit)` });
      continue;
    }
    if (eq < 0) continue; // `NAME` alone: taken from the environment by compose; nothing to record
    let raw = line.slice(eq + 1).trim();
    let value: string;
    const q = raw[0];
    if (q === '"' || q === "'") {
      const start = i;
      // A quoted value may span lines until the closing quote.
      // Line by line, each scanned once and joined at the end: rescanning (or indexing) a growing body was
      // quadratic in an unterminated quote over thousands of lines.
      const parts = [raw.slice(1)];
      let end = findClosing(parts[0], q);
      while (end < 0 && i + 1 < lines.length) {
        parts.push(lines[++i]);
        end = findClosing(parts[parts.length - 1], q);
      }
      if (end < 0) {
        problems.push({ line: start, message: `line ${start + 1}: unterminated ${q} quote in the value of ${name}` });
        value = parts.join('\n');
      } else {
        parts[parts.length - 1] = parts[parts.length - 1].slice(0, end);
        value = parts.join('\n');
      }
      if (q === '"') value = value.replace(/\\([nrt"\\$])/g, (_, c: string) => (({ n: '\n', r: '\r', t: '\t' }) as Record<string, string>)[c] ?? c);
    } else {
      const hash = commentStart(raw);
      if (hash >= 0) raw = raw.slice(0, hash);
      value = raw.trim();
    }
    entries.set(name, { name, value, line: i });
  }
  return { path, entries, problems };
}

/** The closing quote's index in one line, or -1 (a `\` escapes the next character inside double quotes). */
function findClosing(s: string, q: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && q === '"') {
      i++;
      continue;
    }
    if (s[i] === q) return i;
  }
  return -1;
}

/** Reads and parses a `.env` for a stack or an included project; its problems become findings in `findings`. */
export function readDotenv(file: string | false, reader: FileReader, findings: Finding[]): { env: Dotenv; source: SourceFile } | undefined {
  if (!file) return undefined;
  const r = reader.read(file);
  if ('error' in r) {
    // No .env is the usual case; one that is there but refused (a FIFO, too large, a link out of the workspace) is said.
    if (r.kind && r.kind !== 'missing') {
      findings.push({
        span: { file: new SourceFile(file, ''), start: 0, end: 0 },
        code: 'unreadable-file',
        severity: 'error',
        message: `Cannot read ${basename(file)}.`,
        detail: r.error,
      });
    }
    return undefined;
  }
  const env = parseDotenv(file, r.text);
  const src = new SourceFile(file, r.text);
  for (const p of env.problems) {
    const start = src.offsetAt({ line: p.line, character: 0 });
    let end = src.offsetAt({ line: p.line + 1, character: 0 });
    while (end > start && (r.text[end - 1] === '\n' || r.text[end - 1] === '\r')) end--; // the line, not its \r\n
    findings.push({ span: { file: src, start, end }, code: 'dotenv-syntax', severity: 'warning', ...dotenvMessage(basename(file), p.message) });
  }
  return { env, source: src };
}

/** `line 3 is not NAME=value (the name must be ...)`: the parenthesis is the detail. */
function dotenvMessage(file: string, problem: string): { message: string; detail?: string } {
  const m = /^(.*?) \((.*)\)$/.exec(problem);
  return m ? { ...shortMessage(`${file}: ${m[1]}.`), detail: `${m[2].charAt(0).toUpperCase()}${m[2].slice(1)}.` } : shortMessage(`${file}: ${problem}.`);
}
