// `docker inspect` as a read-only virtual JSON document: mender-swarm-inspect:/<type>/<id>/<name>.json.
// Fetched fresh from the engine when opened (the tree's snapshot may be seconds old), with secret-looking
// environment values, labels, arguments, URL user-info, JWTs and join tokens masked (src/core/mask.ts).
import * as vscode from 'vscode';
import { maskSecrets, type ObjectRef, type ObjectType } from '../../core/explorer';
import type { StackClient } from '../../docker';
import type { EngineManager } from './engine';

export const INSPECT_SCHEME = 'mender-swarm-inspect';

const TYPES: readonly ObjectType[] = ['swarm', 'node', 'service', 'task', 'network', 'secret', 'config', 'volume'];

export function inspectUri(ref: ObjectRef): vscode.Uri {
  // The name makes the editor tab readable; the .json extension picks the JSON language (folding, outline).
  const safe = ref.name.replace(/[^\w.@-]+/g, '_') || ref.id;
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${ref.type}/${encodeURIComponent(ref.id)}/${safe}.json` });
}

export function parseInspectUri(uri: vscode.Uri): { type: ObjectType; id: string } | undefined {
  const [, type, id] = uri.path.split('/');
  if (!TYPES.includes(type as ObjectType) || !id) return undefined;
  return { type: type as ObjectType, id: decodeURIComponent(id) };
}

async function fetchObject(client: StackClient, type: ObjectType, id: string): Promise<unknown> {
  switch (type) {
    case 'swarm':
      return client.swarmInspect();
    case 'node':
      return client.inspectNode(id);
    case 'service':
      return client.inspectService(id);
    case 'task':
      return client.inspectTask(id);
    case 'network':
      return client.inspectNetwork(id);
    case 'secret':
    case 'config': {
      // Metadata only: a secret's data never comes back from the engine; a config's is left out as well.
      const list = type === 'secret' ? await client.listSecrets({ id: [id] }) : await client.listConfigs({ id: [id] });
      const obj = list.find((o) => o.ID === id);
      if (!obj) throw new Error(`no ${type} ${id} on this swarm`);
      const spec = { ...(obj.Spec as Record<string, unknown>) };
      delete spec.Data;
      return { ...obj, Spec: spec };
    }
    case 'volume':
      return (await client.listVolumes({ name: [id] })).find((v) => v.Name === id) ?? { error: `no volume ${id} on this engine` };
  }
}

export class InspectProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly engine: EngineManager) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = parseInspectUri(uri);
    if (!target) return JSON.stringify({ error: `not an inspect address: ${uri.toString()}` }, null, 2);
    const engine = this.engine.current;
    if (!engine.ok) return JSON.stringify({ error: engine.error.message }, null, 2);
    try {
      const obj = await fetchObject(engine.client, target.type, target.id);
      return JSON.stringify(maskSecrets(obj), null, 2) + '\n';
    } catch (err) {
      // An editor with the daemon's words beats an error toast: the user opened it to read something.
      return JSON.stringify({ error: err instanceof Error ? err.message : String(err), type: target.type, id: target.id }, null, 2) + '\n';
    }
  }

  /** Re-fetch an open inspect document (the refresh button of the editor title). */
  reload(uri: vscode.Uri): void {
    this.emitter.fire(uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
