// parseDotenv reads lines, names and comments without regexes (a regex is compiled anew in every CLI process): on
// generated .env texts it must give what the regex-based parser gave (kept here as the reference).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { type Dotenv, type DotenvEntry, type DotenvProblem, parseDotenv } from '../../../../src/core/manifest/dotenv';

// The parser as it was, with its regexes: `split(/\r?\n/)`, NAME, `search(/\s#/)`.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function oldParseDotenv(path: string, text: string): Dotenv {
  const entries = new Map<string, DotenvEntry>();
  const problems: DotenvProblem[] = [];
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/); // a byte-order mark is not part of the first name
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trim();
    const eq = line.indexOf('=');
    const name = (eq < 0 ? line : line.slice(0, eq)).trim();
    // Said by line number only: a .env that is really a credentials file (a symlink, a paste) must not be echoed.
    if (!NAME.test(name)) {
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
      const hash = raw.search(/\s#/);
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

test('parseDotenv: what the regex-based parser gave, on generated lines, names, quotes and comments', () => {
  let seed = 9;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * k);
  };
  const pieces = ['A', 'b_1', '1X', '.', '-', '_', '=', ' ', '\t', '\u00a0', '#', ' #', '\t#', '"', "'", '\\', '\\"', 'export ', '\n', '\r\n', '\r', 'é', 'v'];
  const texts = ['', '\n', '\r\n', '\ufeffA=1', 'A=1 # c\r\nB="x\r\ny"\r\n', 'A=x#y', 'A= #y', '#A=1', '1A=2', 'A.b-c=3', "A='unterminated\nB=2"];
  const run = (n: number, from: string[]): string => Array.from({ length: n }, () => from[rnd(from.length)]).join('');
  const names = ['A', 'b_1', '1X', '.', '-', '_', 'é', ' '];
  const breaks = ['\n', '\r\n', '\r', '\n\n'];
  for (let n = 0; n < 20_000; n++) {
    if (n % 2) texts.push(run(rnd(14), pieces));
    // NAME=value lines
    else
      texts.push(
        Array.from({ length: 1 + rnd(4) }, () => `${rnd(4) ? '' : 'export '}${run(1 + rnd(3), names)}=${run(rnd(6), pieces)}`).join(breaks[rnd(breaks.length)]),
      );
  }
  let entries = 0;
  let problems = 0;
  for (const text of texts) {
    const want = oldParseDotenv('p', text);
    assert.deepEqual(parseDotenv('p', text), want, JSON.stringify(text));
    entries += want.entries.size;
    problems += want.problems.length;
  }
  assert.ok(entries > 5_000 && problems > 5_000, `entries (${entries}) and problems (${problems}) are exercised`);
});
