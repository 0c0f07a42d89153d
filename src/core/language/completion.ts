/**
 * Completion in a compose/stack file: keys from the compose-spec schema where the cursor is (with the schema's
 * description, a snippet for the value's shape, and what `docker stack deploy` does with a service key), the
 * values the schema lists, the names the stack defines (in any of its files), hosts reachable from the service
 * for environment values (with the port the catalog knows), and for a Mender component the variables it reads
 * in the assumed era and Mender's images with the era's tags.
 */
import { swarmFate } from '../deploy/swarmFate';
import { menderStack } from '../catalog/match';
import type { EnvVarDef } from '../catalog/model';
import type { Project } from '../manifest/project';
import { dnsFor } from '../rules/links';
import { compareText } from '../stack/text';
import { cursorContext, CursorContext } from './cursor';
import { keyAt, keysAt, SchemaKey } from './schemaInfo';

export type CompletionKind = 'property' | 'value' | 'reference' | 'variable' | 'host' | 'image';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Plain text, or a snippet (`$0`, `${1|a,b|}`) when `snippet`; lines after the first are relative to the cursor's line. */
  insertText: string;
  snippet?: boolean;
  /** The text replaced: [replaceStart, replaceEnd) offsets in the file. */
  replaceStart: number;
  replaceEnd: number;
  /** `docker stack deploy` refuses or ignores it: shown struck through. */
  deprecated?: boolean;
  sortText?: string;
}

/** Most items one request returns: a stack of thousands of services still answers quickly. */
export const MAX_ITEMS = 2000;

/**
 * Items at `offset` of `text`. `project` loads the stack (this file as the editor holds it, with the others) only
 * when names, hosts or the catalog are needed. Never throws: broken or half-typed YAML gets what the text allows.
 */
export function completionsAt(text: string, offset: number, project: () => Project | undefined): CompletionItem[] {
  let ctx: CursorContext | undefined;
  try {
    ctx = cursorContext(text, offset);
  } catch {
    return [];
  }
  if (!ctx) return [];
  const c = new Completer(ctx, offset, project);
  try {
    c.run();
  } catch {
    // What was found before a failure is still worth showing; a broken stack must not silence the schema's keys.
  }
  return c.items.slice(0, MAX_ITEMS);
}

const NAMED: Record<string, 'networks' | 'volumes' | 'secrets' | 'configs'> = {
  networks: 'networks',
  volumes: 'volumes',
  secrets: 'secrets',
  configs: 'configs',
};

class Completer {
  readonly items: CompletionItem[] = [];
  private loaded: Project | undefined | null = null;

  constructor(
    private readonly ctx: CursorContext,
    private readonly offset: number,
    private readonly getProject: () => Project | undefined,
  ) {}

  private project(): Project | undefined {
    if (this.loaded === null) {
      try {
        this.loaded = this.getProject();
      } catch {
        this.loaded = undefined;
      }
    }
    return this.loaded;
  }

  private add(item: Omit<CompletionItem, 'replaceStart' | 'replaceEnd'> & { replaceStart?: number }): void {
    this.items.push({
      ...item,
      replaceStart: item.replaceStart ?? this.ctx.prefixStart,
      replaceEnd: this.offset,
      sortText: item.sortText ?? String(this.items.length).padStart(5, '0'),
    });
  }

  run(): void {
    const { path, position } = this.ctx;
    const svc = path[0] === 'services' && path.length >= 2 ? path[1] : undefined;
    if (position === 'key') {
      if (path.length === 1 && (path[0] === 'services' || NAMED[path[0]])) return; // a new name: the user's to choose
      if (svc && path.length === 3 && path[2] === 'depends_on') return this.names('service', svc, ':');
      if (svc && path.length === 3 && path[2] === 'networks') return this.names('networks', svc, ':');
      if (svc && path.length === 3 && path[2] === 'environment') return this.menderVariables(svc, ': ');
      return this.keys(path, svc !== undefined && path.length === 2);
    }
    if (position === 'item') {
      const parent = path.slice(0, -1);
      const last = parent[parent.length - 1];
      if (svc && parent.length === 3) {
        if (last === 'depends_on' || last === 'links') this.names('service', svc, '');
        else if (NAMED[last]) this.names(NAMED[last], svc, last === 'volumes' ? ':' : '');
        else if (last === 'environment') {
          const eq = this.ctx.valueText.indexOf('=');
          if (eq >= 0) return this.envValue(svc, this.ctx.valueText.slice(0, eq), this.ctx.valueStart + eq + 1, this.ctx.valueText.slice(eq + 1));
          return this.menderVariables(svc, '=');
        }
      }
      return this.keys(path, false, ': ');
    }
    this.value(path, this.ctx.key!, svc);
  }

  /** Keys of the mapping at `path` from the schema; at service level, with what swarm does with each. */
  private keys(path: string[], serviceLevel: boolean, itemSep?: string): void {
    keysAt(path).forEach((k, i) => {
      if (!k.key.startsWith(this.ctx.prefix.slice(0, 1))) {
        /* the editor filters; keep them all */
      }
      const fate = serviceLevel ? swarmFate(k.key) : undefined;
      const refused = fate?.cli === 'refused' && k.key !== 'extends';
      const ignored = fate?.cli === 'ignored' || fate?.cli === 'deprecated';
      const swarm = refused
        ? `\`docker stack deploy\` refuses it: ${fate.why ?? ''}${fate.movedTo ? ` (Mender Swarm's deploy moves it to \`${fate.movedTo}\`)` : ''}`
        : fate?.cli === 'refused'
          ? `\`docker stack deploy\` refuses it; ${fate.why ?? ''}`
          : ignored
            ? `Swarm ignores it: ${fate.why ?? ''}`
            : fate?.cli === 'unused'
              ? `No effect on swarm: ${fate.why ?? ''}`
              : undefined;
      this.add({
        label: k.key,
        kind: 'property',
        detail: refused ? 'refused by docker stack deploy' : ignored ? 'ignored by swarm' : shapeWord(k),
        documentation: [k.description, swarm && `**Swarm:** ${swarm}.`].filter(Boolean).join('\n\n') || undefined,
        insertText: itemSep === undefined ? snippetFor(k) : `${k.key}${itemSep}$0`,
        snippet: true,
        deprecated: refused || ignored || k.deprecated,
        sortText: `${refused || ignored ? 1 : 0}${String(i).padStart(4, '0')}`,
      });
    });
  }

  private value(path: string[], key: string, svc: string | undefined): void {
    const at = path.join('.');
    if (svc && path.length === 2 && key === 'image') return this.menderImages(svc);
    if (svc && ((path.length === 2 && key === 'extends') || (path.length === 3 && path[2] === 'extends' && key === 'service')))
      return this.names('service', svc, '', true);
    if (svc && path.length === 4 && path[3] === '-' && key === 'source' && NAMED[path[2]]) return this.names(NAMED[path[2]], svc, '');
    if (svc && path.length === 3 && path[2] === 'environment') return this.envValue(svc, key, this.ctx.valueStart, this.ctx.valueText);
    const k = keyAt(path, key);
    let values = k?.values ?? [];
    // Swarm's one fact the schema cannot say: a stack's networks span nodes (network-driver).
    if (path.length === 2 && path[0] === 'networks' && key === 'driver') values = ['overlay'];
    for (const v of values) {
      this.add({ label: v, kind: 'value', detail: `${key} (${at || 'top level'})`, documentation: k?.description, insertText: v });
    }
  }

  /** Names the stack defines (any of its files); for services, all but `self` unless `includeSelf`. */
  private names(kind: 'service' | 'networks' | 'volumes' | 'secrets' | 'configs', self: string, suffix: string, includeSelf = false): void {
    const p = this.project();
    if (!p) return;
    const source = kind === 'service' ? p.services : p[kind];
    for (const name of [...source.keys()].sort(compareText)) {
      if (kind === 'service' && name === self && !includeSelf) continue;
      if (this.items.length >= MAX_ITEMS) break;
      const where = kind === 'service' ? p.services.get(name)?.keySpan : source.get(name)?.keySpan;
      this.add({
        label: name,
        kind: 'reference',
        detail: `${kind === 'service' ? 'service' : kind.slice(0, -1)} of the stack`,
        documentation: where ? `Defined in \`${where.file.path}\`` : undefined,
        insertText: `${name}${suffix}`,
      });
    }
  }

  /** The variables a Mender component reads in the assumed era, with default and description. */
  private menderVariables(svc: string, sep: string): void {
    const p = this.project();
    const m = p && menderStack(p).services.get(svc);
    if (!m) return;
    for (const d of m.read) {
      this.add({
        label: d.name,
        kind: 'variable',
        detail: `${m.component.id}, ${m.era} era${d.default ? ` — default ${d.default}` : ''}`,
        documentation: variableDoc(d, m.component.id),
        insertText: `${d.name}${sep}${d.default ?? ''}`,
      });
    }
  }

  /** Hosts for an environment value: names answered on the service's networks, with the port the catalog knows. */
  private envValue(svc: string, varName: string, valueStart: number, valueText: string): void {
    const p = this.project();
    if (!p) return;
    const stack = menderStack(p);
    const def = stack.services.get(svc)?.read.find((d) => d.name === varName);
    const scheme = /:\/\//.exec(valueText);
    const hostStart = scheme ? valueStart + scheme.index + 3 : valueStart;
    const wantScheme = !scheme && (def ? def.kind === 'url' || def.kind === 'mongo-url' : /(URL|URI)$/i.test(varName));
    const dns = dnsFor(p);
    const seen = new Set<string>();
    const visible = dns.namesVisibleFrom(svc).filter((n) => n.service !== svc);
    // The component the variable points at first, then the rest.
    visible.sort(
      (a, b) => Number(targetOf(stack, b.service) === def?.target) - Number(targetOf(stack, a.service) === def?.target) || compareText(a.name, b.name),
    );
    for (const { name, service } of visible) {
      if (seen.has(name) || this.items.length >= MAX_ITEMS) continue;
      seen.add(name);
      const m = stack.services.get(service);
      const port = def?.kind === 'mongo-url' ? 27017 : m?.facts.ports[0];
      const sch = def?.kind === 'mongo-url' ? 'mongodb' : (def?.schemes?.[0] ?? 'http');
      const hostPort = port ? `${name}:${port}` : name;
      const text = wantScheme ? `${sch}://${hostPort}` : hostPort;
      this.add({
        label: text,
        kind: 'host',
        replaceStart: hostStart,
        detail: `${name === service ? 'service' : `alias of service ${service}`}${m ? `, ${m.component.id}` : ''}${port ? ` (port ${port} from the catalog)` : ''}`,
        documentation: `Reachable from \`${svc}\` on ${dns
          .networksOf(svc)
          .map((n) => `\`${n}\``)
          .join(', ')}.`,
        insertText: text,
      });
    }
    if (def?.default && !seen.has(def.default)) {
      this.add({
        label: def.default,
        kind: 'value',
        replaceStart: valueStart,
        detail: `default of ${varName}`,
        documentation: variableDoc(def, stack.services.get(svc)!.component.id),
        insertText: def.default,
      });
    }
  }

  /** Mender's images with the tags of the stack's era (all eras when it is not decided), when the stack is Mender's. */
  private menderImages(svc: string): void {
    const p = this.project();
    const stack = p && menderStack(p);
    if (!stack || (!stack.isMender && !/mender/i.test(this.ctx.valueText))) return;
    const eras = stack.catalog.eras.filter((e) => (stack.eras.length ? stack.eras.includes(e.id) : true) && e.images);
    const own = stack.services.get(svc)?.component.id;
    const seen = new Set<string>();
    for (const era of [...eras].reverse()) {
      for (const c of stack.catalog.components) {
        if (!c.mender) continue;
        for (const img of c.match.images) {
          if (img.eras && !img.eras.includes(era.id)) continue;
          const repo = img.edition === 'enterprise' ? era.images!.enterpriseRepository : era.images!.repository;
          for (const tag of era.images!.tags) {
            const ref = `${repo}/${img.name}:${tag}`;
            if (seen.has(ref)) continue;
            seen.add(ref);
            this.add({
              label: ref,
              kind: 'image',
              replaceStart: this.ctx.valueStart,
              detail: `${c.title}${img.edition ? ' (enterprise)' : ''}, era ${era.id}`,
              documentation: era.title,
              insertText: ref,
              sortText: `${c.id === own ? 0 : 1}${String(this.items.length).padStart(5, '0')}`,
            });
          }
        }
      }
    }
  }
}

function targetOf(stack: ReturnType<typeof menderStack>, service: string): string | undefined {
  return stack.services.get(service)?.component.id;
}

function variableDoc(d: EnvVarDef, component: string): string {
  const kind = d.kind === 'url' && d.schemes ? `a URL (${d.schemes.map((s) => `${s}://`).join(', ')})` : d.kind;
  return [
    `Read by **${component}**: ${kind}${d.target ? `, reaching ${d.target}` : ''}.`,
    d.default ? `Default: \`${d.default}\`.` : '',
    d.note ?? '',
    d.edition ? 'Enterprise images only.' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function shapeWord(k: SchemaKey): string {
  return k.shape === 'mapping' ? 'mapping' : k.shape === 'list' ? 'list' : k.values.length ? k.values.join(' | ') : 'value';
}

/** `key: ` with a placeholder for the value's shape; a mapping or list opens on the next line, indented. */
function snippetFor(k: SchemaKey): string {
  if (k.shape === 'mapping') return `${k.key}:\n  $0`;
  if (k.shape === 'list') return `${k.key}:\n  - $0`;
  if (k.values.length) return `${k.key}: \${1|${k.values.map((v) => v.replace(/[,|\\$}]/g, '\\$&')).join(',')}|}`;
  return `${k.key}: $0`;
}
