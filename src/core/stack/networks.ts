import { get, isMap, isSeq, str, YMap } from '../model/node';
import type { Span } from '../model/source';
import type { Project } from '../manifest/project';

/** A service's attachment to one network, with the aliases it answers to there. */
export interface Attachment {
  network: string;
  aliases: { name: string; span: Span }[];
}

export interface NetworkInfo {
  name: string;
  /** True for `external: true` networks: other stacks' services may answer names there. */
  external: boolean;
  driver: string | undefined;
}

/**
 * The stack's service discovery, as swarm's embedded DNS answers it: on each network, a service is
 * reachable by its name, `<stack>_<name>`, `tasks.<name>`, and its aliases there.
 */
export class StackDns {
  readonly attachments = new Map<string, Attachment[]>();
  readonly networks = new Map<string, NetworkInfo>();
  /** lower-cased name -> who answers it, per network */
  private readonly names = new Map<string, { service: string; network: string; via: 'name' | 'alias' | 'scoped' | 'tasks'; span?: Span }[]>();

  constructor(readonly project: Project) {
    for (const [name, obj] of project.networks) {
      const ext = get(obj.node, 'external');
      const external = !!ext && (str(ext) === 'true' || isMap(ext));
      this.networks.set(name, { name, external, driver: str(get(obj.node, 'driver')) });
    }
    for (const svc of project.services.values()) {
      const atts = attachmentsOf(svc.node);
      this.attachments.set(svc.name, atts);
      for (const a of atts) {
        if (!this.networks.has(a.network)) this.networks.set(a.network, { name: a.network, external: false, driver: undefined });
        this.add(svc.name, svc.name, a.network, 'name');
        this.add(`${project.name}_${svc.name}`, svc.name, a.network, 'scoped');
        this.add(`tasks.${svc.name}`, svc.name, a.network, 'tasks');
        this.add(`tasks.${project.name}_${svc.name}`, svc.name, a.network, 'tasks');
        for (const al of a.aliases) this.add(al.name, svc.name, a.network, 'alias', al.span);
      }
    }
  }

  private add(name: string, service: string, network: string, via: 'name' | 'alias' | 'scoped' | 'tasks', span?: Span): void {
    const k = name.toLowerCase();
    const answer = { service, network, via, span };
    const l = this.names.get(k);
    // Most names have one answer: a literal `[answer]` is an array of that size, an empty one grown by push is not.
    if (l) l.push(answer);
    else this.names.set(k, [answer]);
  }

  networksOf(service: string): string[] {
    return (this.attachments.get(service) ?? []).map((a) => a.network);
  }

  /**
   * The networks of a service as a set, found once per service (resolve runs for every host of every service) and
   * shared by the services on the same networks, so a large stack keeps a few sets, not one per service.
   */
  private readonly networkSets = new Map<string, Set<string>>();
  private readonly setsByNetworks = new Map<string, Set<string>>();
  private networkSetOf(service: string): Set<string> {
    let set = this.networkSets.get(service);
    if (!set) {
      const networks = this.networksOf(service);
      const key = JSON.stringify(networks);
      set = this.setsByNetworks.get(key);
      if (!set) this.setsByNetworks.set(key, (set = new Set(networks)));
      this.networkSets.set(service, set);
    }
    return set;
  }

  /** How `host`, used by `from`, resolves. */
  resolve(from: string, host: string): Resolution {
    const name = host.toLowerCase();
    // A trailing dot (a fully qualified name) by endsWith: a regex is compiled anew in every CLI process.
    const answers = this.names.get(name.endsWith('.') ? name.slice(0, -1) : name);
    const mine = this.networkSetOf(from);
    if (answers?.length) {
      const shared = answers.find((a) => mine.has(a.network));
      if (shared) return { kind: 'resolved', service: shared.service, network: shared.network, via: shared.via };
      return { kind: 'not-shared', services: [...new Set(answers.map((a) => a.service))], networks: [...new Set(answers.map((a) => a.network))] };
    }
    return { kind: 'unknown', onExternalNetwork: [...mine].some((n) => this.networks.get(n)?.external) };
  }

  /** namesVisibleFrom's lists, by the networks they were made for. */
  private readonly visible = new Map<string, readonly { name: string; service: string }[]>();

  /**
   * Every name answered on the networks `from` is attached to (for "did you mean"). Services on the same networks
   * see the same names, so the list is made once per set of networks (a scan of every name of the stack) and shared.
   */
  namesVisibleFrom(from: string): readonly { name: string; service: string }[] {
    const key = JSON.stringify(this.networksOf(from));
    const known = this.visible.get(key);
    if (known) return known;
    const mine = this.networkSetOf(from);
    const out: { name: string; service: string }[] = [];
    for (const [name, answers] of this.names) {
      const a = answers.find((x) => mine.has(x.network) && (x.via === 'name' || x.via === 'alias'));
      if (a) out.push({ name, service: a.service });
    }
    this.visible.set(key, out);
    return out;
  }

  allNames(): string[] {
    return [...this.names.keys()];
  }
}

export type Resolution =
  | { kind: 'resolved'; service: string; network: string; via: 'name' | 'alias' | 'scoped' | 'tasks' }
  | { kind: 'not-shared'; services: string[]; networks: string[] }
  | { kind: 'unknown'; onExternalNetwork: boolean };

/** Networks of a service as compose reads them: the `networks` key, else the stack's `default` network. */
export function attachmentsOf(svc: YMap): Attachment[] {
  const nets = get(svc, 'networks');
  // Swarm ignores network_mode: a service without networks: joins the stack's default network.
  if (!nets) return [{ network: 'default', aliases: [] }];
  if (!isMap(nets)) return [];
  return nets.pairs.map((p) => {
    const aliases = get(p.value, 'aliases');
    return {
      network: p.key,
      aliases: isSeq(aliases) ? aliases.items.flatMap((i) => (str(i) ? [{ name: str(i)!, span: i.span }] : [])) : [],
    };
  });
}
