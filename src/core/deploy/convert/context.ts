import type { FileReader } from '../../manifest/files';
import type { Project, Service } from '../../manifest/project';
import { getPair, toPlain, YMap } from '../../model/node';
import type { Span } from '../../model/source';
import { parseBytes, parseCpus, parseDuration } from '../units';
import type { ConvertIssue, ConvertOptions, IssueSeverity } from './types';
import { asRecord } from './values';

/** One service being converted: its plain values, where its keys are, and where its issues go. */
export class ServiceContext {
  readonly raw: Record<string, unknown>;
  readonly deploy: Record<string, unknown>;
  constructor(
    readonly svc: Service,
    readonly stack: string,
    readonly project: Project,
    readonly opts: ConvertOptions,
    private readonly issues: ConvertIssue[],
    readonly reader: FileReader,
  ) {
    this.raw = asRecord(toPlain(svc.node));
    this.deploy = asRecord(this.raw.deploy);
  }

  get name(): string {
    return this.svc.name;
  }

  span(key: string, node: YMap = this.svc.node): Span {
    return getPair(node, key)?.keySpan ?? this.svc.keySpan;
  }

  issue(severity: IssueSeverity, code: string, key: string, message: string): void {
    this.issues.push({ severity, code, service: this.svc.name, span: this.span(key), message: `Service "${this.svc.name}": ${message}` });
  }

  /** An issue with its own message (no "Service ...:" prefix), as the stack-level checks word them. */
  raise(issue: ConvertIssue): void {
    this.issues.push(issue);
  }

  duration(key: string, v: unknown): number | undefined {
    const d = parseDuration(v);
    if (d === undefined) this.issue('error', 'deploy-bad-value', key, `\`${key}\` is not a duration: "${String(v)}" (write e.g. 10s, 1m30s).`);
    return d;
  }
  cpus(v: unknown): number | undefined {
    const n = parseCpus(v);
    if (n === undefined) this.issue('error', 'deploy-bad-value', 'deploy', `"${String(v)}" is not a CPU count (write e.g. '0.5').`);
    return n;
  }
  bytes(v: unknown): number | undefined {
    const n = parseBytes(v);
    if (n === undefined) this.issue('error', 'deploy-bad-value', 'deploy', `"${String(v)}" is not a size (write e.g. 512M, 1G).`);
    return n;
  }
}
