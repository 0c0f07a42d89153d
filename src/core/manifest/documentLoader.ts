// Reads each file of a stack once (parsed, normalised, interpolated: a ManifestDocument) and resolves a service's
// `extends:` across files, with cycles reported, for loadModel.
import * as path from 'path';
import { type Finding, shortMessage } from '../diagnostic';
import { get, getPair, isMap, isScalar, makeMap, mapSet, str, subSpan, YMap, YNode, YPair, YScalar } from '../model/node';
import { parseYaml } from '../model/parse';
import { mayShareNodes, SourceFile, Span } from '../model/source';
import type { ManifestDocument, VariableUse } from './project';
import type { FileReader } from './files';
import { interpolate, VarSource } from './interpolate';
import { mergeMaps } from './merge';
import { normalizeServices } from './normalize';
import { clip } from '../stack/text';

export class DocumentLoader {
  private readonly byPath = new Map<string, ManifestDocument>();
  readonly variables: VariableUse[] = [];
  private readonly resolving = new Set<string>();
  private readonly resolvedCache = new Map<string, YMap>();

  constructor(
    private readonly reader: FileReader,
    private readonly vars: VarSource,
    private readonly findings: Finding[],
    /** Called on each document once it is read and interpolated (an included project rebases its relative paths). */
    private readonly onLoad?: (doc: ManifestDocument) => void,
  ) {}

  documents(): ManifestDocument[] {
    return [...this.byPath.values()];
  }

  load(file: string, role: ManifestDocument['role'], from: Span | undefined): ManifestDocument {
    const known = this.byPath.get(file);
    if (known) {
      if (role !== 'extends') known.role = role;
      return known;
    }
    const r = this.reader.read(file);
    if ('error' in r) {
      const src = new SourceFile(file, '');
      const doc: ManifestDocument = { file: src, root: undefined, role, unreadable: r.error };
      this.byPath.set(file, doc);
      const code = r.kind === 'too-large' ? 'file-too-large' : 'unreadable-file';
      // An included project's files: the include: entry reports them (include-missing), not the loader.
      if (role !== 'include')
        this.findings.push({
          span: from ?? { file: src, start: 0, end: 0 },
          code,
          severity: 'error',
          message: `Cannot read ${clip(path.basename(file), 60)}.`,
          detail: r.error,
        });
      return doc;
    }
    const src = new SourceFile(file, r.text);
    if (r.invalidUtf8) {
      // compose (yaml.v3) refuses the whole file: "yaml: invalid leading UTF-8 octet" / "incomplete UTF-8 octet sequence".
      const at = r.invalidUtf8.offset;
      const b = r.invalidUtf8.byte;
      const why = b < 0xc2 || b > 0xf4 ? 'invalid leading UTF-8 octet' : 'invalid trailing UTF-8 octet';
      this.findings.push({
        span: { file: src, start: at, end: Math.min(at + 1, r.text.length) },
        code: 'yaml-syntax',
        severity: 'error',
        message: `YAML syntax: invalid UTF-8 (byte 0x${b.toString(16).padStart(2, '0')}); compose refuses the file.`,
        detail: `Compose says "yaml: ${why}". Save the file as UTF-8.`,
      });
    }
    const parsed = parseYaml(src);
    for (const f of parsed.findings) this.findings.push(f);
    const doc: ManifestDocument = { file: src, root: parsed.root, role };
    this.byPath.set(file, doc);
    if (doc.root) {
      normalizeServices(doc.root);
      this.interpolateTree(doc.root, mayShareNodes(src));
      this.onLoad?.(doc);
    }
    return doc;
  }

  /**
   * Aliases share nodes: each is interpolated once (`$$` must not collapse twice). A shared mapping or list is walked
   * once (an alias bomb's tree is small, its expansion is not); a scalar says itself that it was interpolated, so
   * the many scalars need no entry in the set, and a file with no alias (no `*` in it) shares no node at all.
   */
  private interpolateTree(root: YNode, mayShare: boolean): void {
    const seen = mayShare ? new Set<YNode>() : undefined;
    const walk = (n: YNode): void => {
      if (n.kind === 'scalar') {
        if (typeof n.value === 'string' && !n.interpolation && n.value.includes('$')) this.interpolateScalar(n);
        return;
      }
      if (seen) {
        if (seen.has(n)) return;
        seen.add(n);
      }
      if (n.kind === 'map') {
        if (n.fromSeq) this.interpolateKeys(n);
        for (const p of n.pairs) walk(p.value);
      } else for (const i of n.items) walk(i);
    };
    walk(root);
  }

  private interpolateScalar(n: YScalar): void {
    const written = n.value as string;
    const res = interpolate(written, this.vars);
    n.value = res.value;
    n.interpolation = { written, vars: res.vars };
    for (const use of res.vars) this.variables.push({ use, scalar: n });
    for (const e of res.errors) {
      this.findings.push({ span: subSpan(n, e.start, e.end), code: 'invalid-interpolation', severity: 'error', ...shortMessage(e.message) });
    }
  }

  /**
   * A mapping written as a list (`- traefik.http.routers.${NAME}.rule=...`, `- ${NETWORK}`): compose interpolates
   * each whole item before splitting it, so the names are interpolated too, not only the values.
   */
  private interpolateKeys(m: YMap): void {
    if (!m.pairs.some((p) => p.key.includes('$'))) return;
    const pairs = m.pairs.map((p): YPair => {
      if (!p.key.includes('$')) return p;
      const key: YScalar = { kind: 'scalar', value: p.key, span: p.keySpan, style: 'plain' };
      this.interpolateScalar(key);
      return { key: String(key.value), keySpan: p.keySpan, value: p.value };
    });
    m.pairs = [];
    m.index = new Map();
    for (const p of pairs) mapSet(m, p);
  }

  /** The document's root with every service's `extends` resolved (a new mapping; the document is kept as written). */
  resolveExtends(doc: ManifestDocument): YMap {
    const root = doc.root!;
    const svcs = get(root, 'services');
    if (!isMap(svcs)) return root;
    const out = makeMap(svcs.span);
    for (const p of svcs.pairs) {
      const v = isMap(p.value) ? (this.resolveService(doc, p.key) ?? p.value) : p.value;
      mapSet(out, { key: p.key, keySpan: p.keySpan, value: v });
    }
    const newRoot = makeMap(root.span, [...root.pairs]);
    const sp = root.index.get('services')!;
    mapSet(newRoot, { key: 'services', keySpan: sp.keySpan, value: out });
    return newRoot;
  }

  private resolveService(doc: ManifestDocument, name: string): YMap | undefined {
    const svc = get(get(doc.root, 'services'), name);
    if (!isMap(svc)) return undefined;
    const ext = getPair(svc, 'extends');
    if (!ext) return svc; // never cached (nothing to resolve): asked first, so most services build no cache key
    const id = `${doc.file.path}#${name}`;
    const cached = this.resolvedCache.get(id);
    if (cached) return cached;
    if (this.resolving.has(id)) {
      this.findings.push({ span: ext.keySpan, code: 'extends-cycle', severity: 'error', message: `extends of service "${clip(name)}" loops back to itself.` });
      return undefined;
    }
    let baseName: string | undefined;
    let baseFile: string | undefined;
    let fileSpan = ext.value.span;
    if (isScalar(ext.value)) baseName = str(ext.value);
    else if (isMap(ext.value)) {
      baseName = str(get(ext.value, 'service'));
      const f = get(ext.value, 'file');
      if (f) {
        baseFile = str(f);
        fileSpan = f.span;
      }
    }
    if (!baseName) return without(svc, 'extends'); // malformed: the schema rule says what is wrong
    let baseDoc = doc;
    if (baseFile) {
      baseDoc = this.load(path.resolve(path.dirname(doc.file.path), baseFile), 'extends', fileSpan);
      if (!baseDoc.root) return without(svc, 'extends');
    }
    if (!isMap(get(get(baseDoc.root, 'services'), baseName))) {
      const where = baseFile ? ` in ${baseFile}` : '';
      this.findings.push({
        span: ext.value.span,
        code: 'extends-missing',
        severity: 'error',
        message: `Service "${clip(name)}" extends "${clip(baseName)}", but there is no such service${baseFile ? ` in ${clip(path.basename(baseFile))}` : ''}.`,
        ...(where ? { detail: `Looked for it${where}.` } : {}),
      });
      return without(svc, 'extends');
    }
    this.resolving.add(id);
    const base = this.resolveService(baseDoc, baseName);
    this.resolving.delete(id);
    const result = base ? mergeMaps(base, without(svc, 'extends')) : without(svc, 'extends');
    this.resolvedCache.set(id, result);
    return result;
  }
}

function without(m: YMap, key: string): YMap {
  return makeMap(
    m.span,
    m.pairs.filter((p) => p.key !== key),
  );
}
