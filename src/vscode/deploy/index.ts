// The deploy feature (issue #5): deploy / plan / export a manifest's stack, scale, remove, roll back and
// force-update services, and the stack doctor. extension.ts calls registerDeployCommands once.
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';
import { DeployCodeLens, trackManifestContext } from './codeLens';
import { DeployCommands } from './deployCommands';
import { DEPLOY_COMMANDS } from './ids';
import { exportKubernetes, KUBERNETES_COMMAND } from './kubernetesCommand';
import { ManageCommands } from './manageCommands';
import { ReportProvider } from './shared';
import { StackNames } from './target';

export { DEPLOY_COMMANDS } from './ids';
export type { DeployCommandOptions, DeployOutcome, ScaleCommandOptions, ServiceCommandOptions, StackCommandOptions } from './ids';

export function registerDeployCommands(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  const reports = new ReportProvider();
  const names = new StackNames(context.workspaceState);
  const deploy = new DeployCommands(deps, names, reports);
  const manage = new ManageCommands(deps, names, reports);
  const lens = new DeployCodeLens();
  const handlers: Record<string, (arg: unknown) => Promise<unknown>> = {
    [DEPLOY_COMMANDS.deploy]: (a) => deploy.deploy(a),
    [DEPLOY_COMMANDS.redeploy]: (a) => deploy.redeploy(a),
    [DEPLOY_COMMANDS.plan]: (a) => deploy.plan(a),
    [DEPLOY_COMMANDS.export]: (a) => deploy.export(a),
    [KUBERNETES_COMMAND]: (a) => exportKubernetes(deps, names, a),
    [DEPLOY_COMMANDS.scale]: (a) => manage.scale(a),
    [DEPLOY_COMMANDS.removeStack]: (a) => manage.removeStack(a),
    [DEPLOY_COMMANDS.removeService]: (a) => manage.removeService(a),
    [DEPLOY_COMMANDS.rollback]: (a) => manage.rollback(a),
    [DEPLOY_COMMANDS.forceUpdate]: (a) => manage.forceUpdate(a),
    [DEPLOY_COMMANDS.doctor]: (a) => manage.doctor(a),
  };
  for (const [id, fn] of Object.entries(handlers)) context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  const selector: vscode.DocumentSelector = [
    { language: 'yaml', scheme: 'file' },
    { language: 'dockercompose', scheme: 'file' },
  ];
  context.subscriptions.push(
    reports,
    lens,
    vscode.workspace.registerTextDocumentContentProvider(ReportProvider.scheme, reports),
    vscode.languages.registerCodeLensProvider(selector, lens),
    trackManifestContext(),
  );
}
