// Export Stack to Kubernetes: the editor's side of `mender-swarm export --to kubernetes`. The export itself (and its
// ~580 KB of schema validators) lives in dist/kubernetes.js, required only when the command runs, so the
// extension's bundle stays small.
import * as path from 'path';
import * as vscode from 'vscode';
import type * as KubeApi from '../../core/kubernetes/api';
import { loadBundle } from '../bundles';
import type { ExtensionDeps } from '../deps';
import { readSettings } from '../manifests/settings';
import type { StackSelection } from './ids';
import { asOptions, errorText, imageMappings, requireTrust } from './shared';
import { pickManifest, readProject, selectFiles, type StackNames } from './target';

export const KUBERNETES_COMMAND = 'menderSwarm.deploy.exportKubernetes';
export const KUBERNETES_PUBLISH_SETTING = 'menderSwarm.kubernetes.publishedPorts';

export interface KubernetesExportOptions extends StackSelection {
  stackName?: string;
  /** The folder to write into (skips the folder dialog); relative to the first stack file's folder. */
  output?: string;
  namespace?: string;
  publish?: 'NodePort' | 'LoadBalancer';
  imageMap?: Record<string, string>;
}

/** What the command resolves to (tests and scripts read it). */
export interface KubernetesExportOutcome {
  dir: string;
  namespace: string;
  files: string[];
  issues: { severity: string; code: string; message: string }[];
  invalid: string[];
}

function api(): typeof KubeApi {
  return loadBundle('kubernetes');
}

export async function exportKubernetes(deps: ExtensionDeps, names: StackNames, arg: unknown): Promise<KubernetesExportOutcome | undefined> {
  if (!requireTrust('Exporting a stack')) return undefined;
  const opts = asOptions<KubernetesExportOptions>(arg) ?? {};
  const files = selectFiles(arg instanceof vscode.Uri ? arg : opts) ?? (await pickManifest());
  if (!files) return undefined;
  const scope = vscode.Uri.file(files[0]);
  const stack = opts.stackName ?? names.defaultFor(files, readProject(files));
  let dir: string | undefined;
  if (opts.output) dir = path.resolve(path.dirname(files[0]), opts.output);
  else {
    const picked = await vscode.window.showOpenDialog({
      title: `Export stack "${stack}" to Kubernetes manifests: choose the folder`,
      openLabel: 'Export Here',
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(path.dirname(files[0])),
    });
    dir = picked?.[0]?.fsPath;
  }
  if (!dir) return undefined;
  const publishSetting = vscode.workspace.getConfiguration(undefined, scope).get<string>(KUBERNETES_PUBLISH_SETTING);
  const publish = opts.publish ?? (publishSetting === 'LoadBalancer' ? 'LoadBalancer' : 'NodePort');
  const log = deps.log;
  try {
    const settings = readSettings(scope);
    const r = api().exportFiles(
      files,
      { stack, env: process.env, imageMap: imageMappings(scope, opts.imageMap), rules: settings.rules, menderEra: settings.menderEra },
      { outDir: dir, namespace: opts.namespace, publish },
    );
    for (const i of r.exp.issues) log.info(`export ${stack} to Kubernetes: ${i.severity}: ${i.message} [${i.code}]`);
    const outcome: KubernetesExportOutcome = {
      dir,
      namespace: r.exp.namespace,
      files: r.written.map((f) => path.basename(f)),
      issues: r.exp.issues.map((i) => ({ severity: i.severity, code: i.code, message: i.message })),
      invalid: r.invalid.map((v) => `${v.object} (${v.file}): ${v.errors.join('; ')}`),
    };
    if (r.invalid.length) {
      for (const v of outcome.invalid) log.error(`export ${stack} to Kubernetes: invalid ${v}`);
      void vscode.window
        .showErrorMessage(`Mender Swarm: ${r.invalid.length} Kubernetes object(s) of stack "${stack}" fail the schema: nothing written.`, 'Show Output')
        .then((a) => a && log.show(true));
      return outcome;
    }
    log.info(`export ${stack} to Kubernetes: wrote ${r.written.length} files to ${dir} (namespace ${r.exp.namespace}, mode 0600)`);
    const warnings = r.exp.issues.filter((i) => i.severity !== 'info').length;
    if (!opts.output) {
      void vscode.window
        .showInformationMessage(
          `Stack "${stack}" exported to ${r.written.length} Kubernetes files in ${vscode.workspace.asRelativePath(dir)}${warnings ? ` (${warnings} key(s) did not translate: see the output)` : ''}. Apply with kubectl apply -k.`,
          'Show Output',
        )
        .then((a) => a && log.show(true));
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, 'kustomization.yaml')), { preview: true });
    }
    return outcome;
  } catch (err) {
    log.error(`export ${stack} to Kubernetes: ${errorText(err)}`);
    void vscode.window.showErrorMessage(`Mender Swarm: cannot export stack "${stack}" to Kubernetes: ${errorText(err)}`);
    return undefined;
  }
}
