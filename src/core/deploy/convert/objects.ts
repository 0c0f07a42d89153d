import * as path from 'path';
import type { Project } from '../../manifest/project';
import { at, toPlain, YMap } from '../../model/node';
import { FileRef, LABEL_NAMESPACE } from '../engine';
import type { ServiceContext } from './context';
import type { ConvertIssue, ConvertOptions, DesiredObject } from './types';
import { asRecord, externalName, plainText, strMap, strOf } from './values';

type Kind = 'secret' | 'config';
export interface ObjectRef {
  File: Required<FileRef>;
  Name: string;
}

/** The stack's secrets or configs (top level), and which of them services use (only those are created, as the CLI does). */
export class StackObjects {
  readonly declared = new Map<string, DesiredObject>();
  private readonly usedNames = new Set<string>();

  constructor(
    readonly kind: Kind,
    project: Project,
    stack: string,
    opts: ConvertOptions,
    issues: ConvertIssue[],
  ) {
    const top = kind === 'secret' ? project.secrets : project.configs;
    for (const [name, obj] of top) {
      const def = obj.node ? asRecord(toPlain(obj.node)) : {};
      const ext = externalName(def, name);
      if (ext !== undefined) {
        this.declared.set(name, { kind, name, fullName: ext, external: true, labels: {} });
        continue;
      }
      const fullName = typeof def.name === 'string' ? def.name : `${stack}_${name}`;
      const o: DesiredObject = { kind, name, fullName, external: false, labels: { ...strMap(def.labels), [LABEL_NAMESPACE]: stack } };
      if (typeof def.file === 'string') o.file = path.resolve(project.projectDir, def.file);
      else if (typeof def.content === 'string') o.content = def.content;
      else if (typeof def.environment === 'string') {
        const v = opts.env?.[def.environment];
        if (v === undefined)
          issues.push({
            severity: 'error',
            code: 'deploy-object-source',
            span: obj.keySpan,
            message: `${kind} "${name}" comes from environment variable ${def.environment}, which is not set.`,
          });
        else o.content = v;
      } else
        issues.push({
          severity: 'error',
          code: 'deploy-object-source',
          span: obj.keySpan,
          message: `${kind} "${name}" has neither \`file:\` nor \`external: true\`: swarm needs its data.`,
        });
      this.declared.set(name, o);
    }
  }

  get used(): DesiredObject[] {
    return [...this.declared.values()].filter((o) => this.usedNames.has(o.name));
  }

  /**
   * A service's references (docker/cli convertFileObject): engine name, and a file target that defaults to the
   * source name for secrets and configs alike (the engine puts a relative config target under /).
   */
  refs(ctx: ServiceContext): { refs: ObjectRef[]; names: string[] } {
    const list = ctx.raw[`${this.kind}s`];
    const names: string[] = [];
    const refs: ObjectRef[] = [];
    if (list === undefined) return { refs, names };
    (Array.isArray(list) ? list : []).forEach((item, idx) => {
      const r = typeof item === 'string' ? { source: item } : asRecord(item);
      const source = strOf(r.source);
      const obj = source ? this.declared.get(source) : undefined;
      if (!source || !obj) {
        ctx.raise({
          severity: 'error',
          code: 'deploy-undefined-object',
          service: ctx.name,
          span: ctx.span(`${this.kind}s`),
          message: `Service "${ctx.name}" uses ${this.kind} "${source ?? '?'}", which is not declared under the top-level \`${this.kind}s:\`.`,
        });
        return;
      }
      this.usedNames.add(source);
      const target = strOf(r.target) ?? source;
      refs.push({
        File: { Name: target, UID: strOf(r.uid) ?? '0', GID: strOf(r.gid) ?? '0', Mode: fileMode(ctx.svc.node, this.kind, idx, r.mode) },
        Name: obj.fullName,
      });
      names.push(obj.fullName);
    });
    return { refs, names };
  }
}

/**
 * A secret/config file mode. Compose files are read as YAML 1.1 by the CLI, where `0400` is octal; our YAML 1.2
 * parser reads it as decimal 400, so the written text decides.
 */
function fileMode(svcNode: YMap, kind: Kind, idx: number, v: unknown): number {
  if (v === undefined || v === null) return 0o444;
  const n = at(svcNode, [kind + 's', idx, 'mode']);
  const written = n?.kind === 'scalar' ? n.span.file.text.slice(n.span.start, n.span.end).replace(/^["']|["']$/g, '') : plainText(v);
  if (/^0o?[0-7]+$/.test(written)) return parseInt(written.replace(/^0o?/, '') || '0', 8);
  return typeof v === 'number' ? v : parseInt(plainText(v), 8);
}
