import type { Alias, Document, Node, Scalar } from 'yaml';
import { type Finding, shortMessage } from '../diagnostic';
import { clip } from '../stack/text';
import { makeMap, mapSet, ScalarStyle, YMap, YNode, YPair, YScalar } from './node';
import { AliasBudget, AliasBudgetExceeded, NestingLimitExceeded } from './aliasBudget';
import { readBlockYaml } from './blockYaml';
import { fastParse, FastPathRefused } from './fastParse';
import { SourceFile, Span } from './source';

/** Limits that keep hostile input cheap: a refused file gets one clear diagnostic, never a hang. */
export const LIMITS = {
  /** Bytes of YAML read at most. Real stacks are a few hundred KB at the very most. */
  maxFileBytes: 8 * 1024 * 1024,
  /** Nodes after expanding aliases and merge keys (an alias bomb expands to billions). */
  maxExpandedNodes: 2_000_000,
};

export interface ParsedFile {
  file: SourceFile;
  /** undefined when the file is empty, not a mapping, or refused. */
  root: YMap | undefined;
  findings: Finding[];
}

const STYLE: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'block',
  BLOCK_FOLDED: 'block',
};

/** Parse one compose file into the located tree. Never throws: problems become findings. */
export function parseYaml(file: SourceFile): ParsedFile {
  const findings: Finding[] = [];
  const whole = (start = 0, end = Math.min(file.text.length, 1)): Span => ({ file, start, end });
  if (file.text.length > LIMITS.maxFileBytes) {
    findings.push({
      span: whole(),
      code: 'file-too-large',
      severity: 'error',
      message: `The file is ${(file.text.length / 1048576).toFixed(1)} MiB; manifests over ${LIMITS.maxFileBytes / 1048576} MiB are not read.`,
      detail: file.path,
    });
    return { file, root: undefined, findings };
  }
  // Block YAML as compose files are written, read directly; anything else takes the libraries' paths.
  const block = readBlockYaml(file, LIMITS.maxExpandedNodes);
  if (block) return { file, root: block, findings };
  return parseWithLibraries(file, findings);
}

/**
 * js-yaml's fast path for well-formed files, then the `yaml` library for the rest, which reports every error with
 * its range: what parseYaml does with a file the block reader leaves (and what that reader is tested against).
 */
export function parseWithLibraries(file: SourceFile, findings: Finding[] = []): ParsedFile {
  const whole = (start = 0, end = Math.min(file.text.length, 1)): Span => ({ file, start, end });
  try {
    const fast = fastParse(file, new AliasBudget(LIMITS.maxExpandedNodes));
    if (fast) return rootOf(file, fast, findings);
  } catch (e) {
    if (e instanceof AliasBudgetExceeded) return aliasLimit(file, e.at, findings);
    if (e instanceof NestingLimitExceeded) return nestingLimit(file, e, findings);
    if (!(e instanceof FastPathRefused)) throw e;
  }
  let doc: Document.Parsed;
  try {
    doc = yaml().parseDocument(file.text, { prettyErrors: false, uniqueKeys: false, merge: false, strict: false, keepSourceTokens: false });
  } catch (e) {
    findings.push({ span: whole(), code: 'yaml-syntax', severity: 'error', ...shortMessage(`YAML could not be read: ${(e as Error).message}`) });
    return { file, root: undefined, findings };
  }
  // Duplicate keys are found while converting, with the key's own range: the library's check is quadratic.
  for (const err of doc.errors) {
    if (/call stack/i.test(err.message)) {
      // the library's own recursion on absurd nesting: say what it means
      findings.push({
        span: { file, start: err.pos[0], end: Math.max(err.pos[1], err.pos[0] + 1) },
        code: 'nesting-limit',
        severity: 'error',
        message: 'Lists and mappings here nest too deep to be read.',
      });
      continue;
    }
    findings.push({
      span: { file, start: err.pos[0], end: Math.max(err.pos[1], err.pos[0] + 1) },
      code: 'yaml-syntax',
      severity: 'error',
      ...shortMessage(`YAML syntax: ${firstLine(err.message)}`),
    });
  }
  if (!doc.contents) return { file, root: undefined, findings };
  // Multiple documents in one file: compose reads the first; the yaml lib reports the rest as an error above.
  const conv = new Converter(file, doc);
  let root: YNode;
  try {
    root = conv.convert(doc.contents);
  } catch (e) {
    if (e instanceof AliasBudgetExceeded) return aliasLimit(file, e.at, findings);
    if (e instanceof NestingLimitExceeded) return nestingLimit(file, e, findings);
    findings.push({ span: whole(), code: 'yaml-syntax', severity: 'error', ...shortMessage(`YAML could not be read: ${(e as Error).message}`) });
    return { file, root: undefined, findings };
  }
  for (const f of conv.findings) findings.push(f); // not push(...): 200,000 duplicate keys overflow the stack
  return rootOf(file, root, findings);
}

function rootOf(file: SourceFile, root: YNode, findings: Finding[]): ParsedFile {
  if (root.kind !== 'map') {
    if (!(root.kind === 'scalar' && root.value === null)) {
      findings.push({
        span: root.span,
        code: 'schema',
        severity: 'error',
        message: 'A compose file must be a mapping at the top level.',
        detail: 'Compose reads services:, networks:, volumes:, secrets: and configs: from a mapping.',
      });
    }
    return { file, root: undefined, findings };
  }
  return { file, root, findings };
}

function aliasLimit(file: SourceFile, at: Span, findings: Finding[]): ParsedFile {
  findings.push({
    span: at,
    code: 'alias-limit',
    severity: 'error',
    message: `Anchors and aliases here expand to more than ${LIMITS.maxExpandedNodes.toLocaleString('en')} nodes.`,
    detail: 'An alias bomb? The file was not read.',
  });
  return { file, root: undefined, findings };
}

function nestingLimit(file: SourceFile, e: NestingLimitExceeded, findings: Finding[]): ParsedFile {
  findings.push({
    span: e.at,
    code: 'nesting-limit',
    severity: 'error',
    message: `Lists and mappings here nest more than ${e.limit} levels deep (aliases expanded).`,
    detail: 'The file was not read.',
  });
  return { file, root: undefined, findings };
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | undefined;
/**
 * The `yaml` library, loaded on the slow path only: a clean file never needs it, and loading it was ~3 ms of every
 * CLI lint.
 */
function yaml(): YamlLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, off the clean-file fast path
  return (yamlLib ??= require('yaml') as YamlLib);
}

class Converter {
  readonly findings: Finding[] = [];
  private readonly done = new Map<Node, YNode>();
  private readonly inProgress = new Set<Node>();

  constructor(
    private readonly file: SourceFile,
    private readonly doc: Document.Parsed,
  ) {}

  private span(n: { range?: [number, number, number] | null }): Span {
    const r = n.range ?? [0, 0, 0];
    return { file: this.file, start: r[0], end: Math.max(r[1], r[0]) };
  }

  private readonly budget = new AliasBudget(LIMITS.maxExpandedNodes);

  convert(n: Node, depth = 0): YNode {
    const { isAlias, isMap, isScalar, isSeq } = yaml();
    this.budget.depth(depth, this.span(n));
    if (isAlias(n)) return this.alias(n, depth);
    const known = this.done.get(n);
    if (known) return known;
    let out: YNode;
    if (isScalar(n)) {
      out = this.scalar(n);
    } else if (isSeq(n)) {
      out = { kind: 'seq', span: this.span(n), items: [] };
      this.done.set(n, out);
      for (const item of n.items) {
        if (item === null || item === undefined) continue;
        out.items.push(this.convert(item as Node, depth + 1));
      }
    } else if (isMap(n)) {
      out = this.map(n, depth);
    } else {
      out = { kind: 'scalar', value: null, span: this.span(n), style: 'plain' };
    }
    this.done.set(n, out);
    return out;
  }

  private alias(a: Alias, depth: number): YNode {
    const target = a.resolve(this.doc);
    const at = this.span(a);
    if (!target) {
      this.findings.push({ span: at, code: 'yaml-syntax', severity: 'error', message: `Unknown alias *${a.source}: no anchor &${a.source} before it.` });
      return { kind: 'scalar', value: null, span: at, style: 'plain' };
    }
    if (this.inProgress.has(target)) {
      this.findings.push({ span: at, code: 'yaml-syntax', severity: 'error', message: `Alias *${a.source} refers to a node that contains it (a cycle).` });
      return { kind: 'scalar', value: null, span: at, style: 'plain' };
    }
    const node = this.convert(target, depth);
    this.budget.aliasDepth(node, depth, at);
    this.budget.charge(node, at);
    return node;
  }

  private scalar(n: Scalar): YScalar {
    let value: unknown = n.value;
    if (typeof value === 'bigint') value = Number(value);
    if (value instanceof Date) value = n.source ?? value.toISOString();
    // Another scalar type of yaml's (a binary, a symbol...) is kept as its own text, which String() gives.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- never a mapping: n is a yaml Scalar
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) value = String(value);
    return { kind: 'scalar', value: value as YScalar['value'], span: this.span(n), style: STYLE[n.type ?? 'PLAIN'] ?? 'plain' };
  }

  private map(n: import('yaml').YAMLMap, depth: number): YMap {
    const { isPair, isScalar, isSeq } = yaml();
    const out = makeMap(this.span(n));
    this.done.set(n, out);
    this.inProgress.add(n);
    const merged: YPair[] = [];
    const mergedKeys = new Set<string>();
    /** Where each key's pair is in out.pairs: a repeated key replaces it there without a scan. */
    const at = new Map<string, number>();
    for (const item of n.items) {
      if (!isPair(item)) continue;
      const k = item.key as Node | null;
      const keySpan = k ? this.span(k) : this.span(n);
      let key: string;
      if (k === null || k === undefined) key = '';
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a Scalar's value: a string, number, boolean or date
      else if (isScalar(k)) key = k.value === null ? '' : String(k.value);
      else {
        this.findings.push({ span: keySpan, code: 'schema', severity: 'error', message: 'A mapping key must be a plain value, not a mapping or list.' });
        continue;
      }
      const v = item.value as Node | null;
      if (key === '<<' && isScalar(k) && k.type === 'PLAIN' && v) {
        // YAML merge key (`<<: *defaults`), which compose honours: copy pairs not set explicitly.
        const sources = isSeq(v) ? v.items.map((i) => this.convert(i as Node, depth + 1)) : [this.convert(v, depth + 1)];
        for (const src of sources) {
          if (src.kind !== 'map') {
            this.findings.push({ span: src.span, code: 'schema', severity: 'error', message: 'A merge key (<<) takes a mapping or a list of mappings.' });
            continue;
          }
          for (const p of src.pairs)
            if (!mergedKeys.has(p.key)) {
              mergedKeys.add(p.key);
              merged.push(p);
            }
        }
        continue;
      }
      const value: YNode = v
        ? this.convert(v, depth + 1)
        : { kind: 'scalar', value: null, span: { file: this.file, start: keySpan.end, end: keySpan.end }, style: 'plain' };
      const first = at.get(key);
      if (first !== undefined) {
        // Docker 20.10's `docker stack deploy` (go-yaml v2) sets a repeated key again: the last value wins, silently;
        // newer docker CLIs (28 checked) and docker compose (go-yaml v3) refuse the file. Linted with the last value.
        // A warning, not an error: release files that shipped so ran with the tools of their day.
        const earlier = out.pairs[first];
        this.findings.push({
          span: keySpan,
          code: 'duplicate-key',
          severity: 'warning',
          message: `"${clip(key)}" is repeated: newer docker CLIs refuse the file, older ones use this last one.`,
          detail:
            'Docker 20.10\'s `docker stack deploy` (go-yaml v2) silently takes the last value of a repeated key; newer docker CLIs (go-yaml v3: "mapping key already defined", Docker 28 checked) and `docker compose` refuse the file. Remove the earlier one.',
          related: [{ span: earlier.keySpan, message: `the earlier "${key}", ignored where the file is taken` }],
        });
        out.pairs[first] = { key, keySpan, value };
        out.index.set(key, out.pairs[first]);
        continue;
      }
      at.set(key, out.pairs.length);
      mapSet(out, { key, keySpan, value });
    }
    for (const p of merged) if (!out.index.has(p.key)) mapSet(out, p);
    this.inProgress.delete(n);
    return out;
  }
}
