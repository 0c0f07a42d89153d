import type { ConvertIssue, DesiredService, IssueSeverity } from '../deploy/convert/types';
import type { Project, Service } from '../manifest/project';
import { getPair, toPlain, type YMap } from '../model/node';
import type { Span } from '../model/source';
import { asRecord } from '../deploy/convert/values';

/** The export's finding codes (the README documents each). */
export const KUBE_CODES = ['k8s-name', 'k8s-host-renamed', 'k8s-untranslated', 'k8s-approximated'] as const;

/** Where the Kubernetes export's findings go: the swarm conversion's issue shape, with our codes. */
export type KubeIssue = ConvertIssue;

export interface KubeOptions {
  /** The namespace (default: the stack name as an RFC 1123 label). */
  namespace?: string;
  /** What a published port becomes: a NodePort Service (default) or a LoadBalancer one. */
  publish?: 'NodePort' | 'LoadBalancer';
  /** The size each volume claim asks for (default 1Gi): compose says nothing of sizes. */
  volumeSize?: string;
  /** Reads a secret's or config's file (default: the disk). */
  readFile?: (file: string) => Buffer;
}

/** One service being exported: its swarm spec, its plain compose values, and where its findings go. */
export class KubeServiceContext {
  readonly raw: Record<string, unknown>;
  readonly deploy: Record<string, unknown>;
  constructor(
    readonly svc: Service,
    readonly desired: DesiredService,
    readonly name: string,
    readonly stack: string,
    readonly project: Project,
    private readonly issues: KubeIssue[],
  ) {
    this.raw = asRecord(toPlain(svc.node));
    this.deploy = asRecord(this.raw.deploy);
  }

  get spec() {
    return this.desired.spec;
  }
  get task() {
    return this.desired.spec.TaskTemplate ?? {};
  }
  get container() {
    return this.desired.spec.TaskTemplate?.ContainerSpec ?? {};
  }

  span(key: string, node: YMap = this.svc.node): Span {
    return getPair(node, key)?.keySpan ?? this.svc.keySpan;
  }

  issue(severity: IssueSeverity, code: string, key: string, message: string): void {
    this.issues.push({ severity, code, service: this.svc.name, span: this.span(key), message: `Service "${this.svc.name}": ${message}` });
  }
}
