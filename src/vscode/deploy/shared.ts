// Plumbing every deploy-family command shares: the trust gate, the engine connection (the explorer's settings,
// then DOCKER_HOST, then the Docker context), the deploy settings, and telling the explorer to refresh.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExplorerRow } from '../../core/explorer';
import { parseImageMapping, type ImageMapping } from '../../core/deploy/units';
import { StackClient } from '../../docker';
import { engineSettings } from '../engineSettings';
import { projectConfigOf } from '../manifests/settings';
import { DEPLOY_SETTINGS } from './ids';
import { isSwarmName } from '../../core/rules/swarmNames';

export { requireTrust } from '../trust';

/**
 * A client for the engine the explorer shows. Deploy requests (creating services with registry auth, removing
 * networks) take longer than the explorer's list calls, so the per-request timeout is longer than its.
 */
export function connectEngine(timeoutMs = 30_000): StackClient {
  const { host, context } = engineSettings(vscode.workspace.getConfiguration(), vscode.workspace.isTrusted);
  return StackClient.fromEnvironment({ host, context }, { timeoutMs });
}

/**
 * The caller's mappings first (they win), then the project configuration file's, then `menderSwarm.deploy.imageMap`
 * (FROM-glob -> TO, in the object's order) for the FROMs the file does not name: the file wins where both speak.
 */
export function imageMappings(scope: vscode.Uri | undefined, extra?: Record<string, string>): ImageMapping[] {
  const parse = ([from, to]: [string, string]): ImageMapping => {
    const m = parseImageMapping(`${from}=${to}`);
    if ('error' in m) throw new Error(`${DEPLOY_SETTINGS.imageMap}: ${m.error}`);
    return m;
  };
  const raw = vscode.workspace.getConfiguration(undefined, scope).get<unknown>(DEPLOY_SETTINGS.imageMap);
  const setting: [string, string][] = [];
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [from, to] of Object.entries(raw as Record<string, unknown>)) if (typeof to === 'string') setting.push([from, to]);
  }
  const file = scope ? (projectConfigOf(scope, path.dirname(scope.fsPath))?.imageMap ?? []) : [];
  const fromFile = new Set(file.map((m) => m.from));
  return [...Object.entries(extra ?? {}).map(parse), ...file, ...setting.filter(([f]) => !fromFile.has(f)).map(parse)];
}

export function timeoutSeconds(scope: vscode.Uri | undefined, override?: number): number {
  if (override !== undefined && Number.isFinite(override) && override >= 0) return override;
  const v = vscode.workspace.getConfiguration(undefined, scope).get<unknown>(DEPLOY_SETTINGS.timeout);
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 300;
}

/** The explorer refreshes from engine events too; asking makes the tree current the moment a command ends. */
export async function refreshExplorer(): Promise<void> {
  try {
    if ((await vscode.commands.getCommands(true)).includes('menderSwarm.explorer.refresh')) {
      await vscode.commands.executeCommand('menderSwarm.explorer.refresh');
    }
  } catch {
    /* the explorer's own problem rows report engine trouble */
  }
}

/** A tree row handed to a menu command (the explorer's ExplorerRow), recognised by shape. */
export function asRow(arg: unknown): ExplorerRow | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const r = arg as Partial<ExplorerRow>;
  return typeof r.kind === 'string' && typeof r.contextValue === 'string' && typeof r.id === 'string' ? (arg as ExplorerRow) : undefined;
}

/** Plain options objects (from tests/scripts), as opposed to Uris and tree rows. */
export function asOptions<T extends object>(arg: unknown): T | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri || asRow(arg)) return undefined;
  return arg as T;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error && !err.message.includes(err.cause.message) ? ` (${err.cause.message})` : '';
    return err.message + cause;
  }
  return String(err);
}

export function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && (err.name === 'AbortError' || /aborted/i.test(err.message)));
}

/** Stack names like service names (swarmkit's rule), short enough to leave room for `_<service>`. */
export function validateStackName(v: string): string | undefined {
  const s = v.trim();
  if (!s) return 'Give the stack a name.';
  if (!isSwarmName(s)) return 'Letters, digits, and "-" or "_" between them (swarm refuses other names).';
  if (s.length > 50) return 'At most 50 characters: swarm names <stack>_<service> must fit in 63.';
  return undefined;
}

/** Read-only Markdown documents (plans, doctor reports) under one scheme; reopening a uri shows its latest text. */
export class ReportProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'mender-swarm-report';
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '(this report is gone: run the command again)';
  }

  async show(name: string, markdown: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: ReportProvider.scheme, path: `/${name}.md` });
    this.texts.set(uri.toString(), markdown);
    this.emitter.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
