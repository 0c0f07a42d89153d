// Deploy, redeploy, plan and export: the editor's side of `mender-swarm deploy/plan/export`. Each runs the same
// core and docker functions as the CLI; this module adds the prompts, the progress notification and the report.
import * as fs from 'fs';
import { chmod, writeFile } from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXPORT_FILE_MODE, exportV3 } from '../../core/deploy/export';
import { deployGate } from '../../core/deploy/stack';
import { formatPlan, planIsEmpty, planStack, type Plan } from '../../core/deploy/plan';
import { withStackName, type Project } from '../../core/manifest/project';
import { DEPLOY_WARNING_CODES } from '../../core/rules';
import { deployStack, type DeployEvent, readStackState } from '../../docker';
import type { ExtensionDeps } from '../deps';
import { DEPLOY_COMMANDS, type DeployCommandOptions, type DeployOutcome, type ExportCommandOptions, type StackSelection } from './ids';
import { outcomeLines, planDetail, planMarkdown, planSummary } from './render';
import { asOptions, asRow, connectEngine, errorText, imageMappings, isAbort, refreshExplorer, ReportProvider, requireTrust, timeoutSeconds } from './shared';
import { loadStack, pickManifest, projectOf, readProject, saveIfDirty, selectFiles, StackNames, type LoadedStack } from './target';

export class DeployCommands {
  constructor(
    private readonly deps: ExtensionDeps,
    private readonly names: StackNames,
    private readonly reports: ReportProvider,
  ) {}

  /** Files from the argument (options, Uri), the active manifest, or a pick; undefined when the user backed out. */
  private async files(arg: unknown): Promise<string[] | undefined> {
    const sel = arg instanceof vscode.Uri ? arg : asOptions<StackSelection & { yes?: boolean }>(arg);
    const files = selectFiles(sel);
    if (files) return files;
    // Scripted runs (`yes`) never prompt: they name their files or run with a manifest in the active editor.
    if (sel && !(sel instanceof vscode.Uri) && sel.yes) {
      void vscode.window.showErrorMessage('Mender Swarm: which stack? Pass `files` (or `uri`), or open a manifest first.');
      return undefined;
    }
    return pickManifest(this.names.state);
  }

  async deploy(arg: unknown): Promise<DeployOutcome | undefined> {
    if (!requireTrust('Deploying a stack')) return undefined;
    const opts = asOptions<DeployCommandOptions>(arg) ?? {};
    const interactive = !opts.yes;
    const files = await this.files(arg);
    if (!files) return undefined;
    if (!(await saveIfDirty(files, interactive))) return undefined;
    // Read once: the project's name is the default stack name, and the same project is deployed.
    const project = readProject(files);
    const stack = await this.names.ask(files, opts.stackName, 'Deploy stack', project);
    if (!stack) return undefined;
    return this.run(files, stack, opts, project);
  }

  /** From the explorer's stack item: the files it was last deployed from here, else asked. */
  async redeploy(arg: unknown): Promise<DeployOutcome | undefined> {
    if (!requireTrust('Deploying a stack')) return undefined;
    const row = asRow(arg);
    const opts = asOptions<DeployCommandOptions>(arg) ?? {};
    const stack = row?.kind === 'stack' ? row.label : opts.stackName;
    if (!stack) return this.deploy(arg);
    let files = opts.files?.length ? selectFiles(opts) : this.names.filesOf(stack);
    if (!files || files.some((f) => !fs.existsSync(f))) {
      void vscode.window.showInformationMessage(`Which manifest is stack "${stack}" deployed from?`);
      files = await pickManifest(this.names.state);
    }
    if (!files) return undefined;
    if (!(await saveIfDirty(files, !opts.yes))) return undefined;
    return this.run(files, stack, opts, readProject(files));
  }

  private async run(files: string[], stack: string, opts: DeployCommandOptions, project: Project | undefined): Promise<DeployOutcome> {
    const log = this.deps.log;
    const scope = vscode.Uri.file(files[0]);
    const done = (o: DeployOutcome): DeployOutcome => {
      if (o.status === 'converged') log.info(`deploy ${stack}: ${o.message}`);
      else log.warn(`deploy ${stack}: ${o.status}: ${o.message}`);
      return o;
    };
    let loaded: LoadedStack;
    try {
      loaded = loadStack(files, stack, imageMappings(scope, opts.imageMap), project);
    } catch (err) {
      void vscode.window.showErrorMessage(`Mender Swarm: ${errorText(err)}`);
      return done({ stack, status: 'failed', message: errorText(err) });
    }
    const { lint, desired } = loaded;
    await this.names.remember(files, stack);
    log.info(`deploy ${stack}: ${files.join(', ')}`);

    // Lint errors and keys swarm cannot honour stop the deploy before anything is sent, unless overridden.
    // The CLI's gate (core/deploy/stack), with the same rule settings.
    const { lintErrors, convErrors, allowed, summary: what } = deployGate(loaded, opts.force);
    for (const d of lintErrors) log.warn(`  ${path.basename(d.file)}:${d.range.start.line + 1}: ${d.message} [${d.code}]`);
    // Warnings that predict the deploy will not converge (a network too small): said before it, without blocking it.
    for (const d of lint.filter((x) => x.severity !== 'error' && DEPLOY_WARNING_CODES.has(x.code))) {
      log.warn(`  ${path.basename(d.file)}:${d.range.start.line + 1}: ${d.message} [${d.code}]`);
      void vscode.window.showWarningMessage(`Stack "${stack}": ${d.message}`);
    }
    for (const i of desired.issues.filter((x) => x.severity !== 'info'))
      log.warn(`  ${i.severity}: ${i.service ? `service "${i.service}": ` : ''}${i.message} [${i.code}]`);
    if (!allowed) {
      if (!opts.yes) {
        const first = [...lintErrors.map((d) => `${path.basename(d.file)}:${d.range.start.line + 1} ${d.message}`), ...convErrors.map((i) => i.message)].slice(
          0,
          8,
        );
        const a = await vscode.window.showWarningMessage(
          `Stack "${stack}" has ${what}.`,
          { modal: true, detail: `${first.join('\n')}\n\nDeploying it may leave services that never converge.` },
          'Deploy Anyway',
          'Show Problems',
        );
        if (a === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
        if (a !== 'Deploy Anyway') return done({ stack, status: 'refused', message: `not deployed: ${what}` });
        log.warn(`deploy ${stack}: deploying despite ${what} (confirmed)`);
      } else {
        return done({ stack, status: 'refused', message: `not deployed: ${what} (pass force: true to override)` });
      }
    }

    let client;
    try {
      client = connectEngine();
    } catch (err) {
      void vscode.window.showErrorMessage(`Mender Swarm: cannot reach the engine: ${errorText(err)}`);
      return done({ stack, status: 'failed', message: errorText(err) });
    }
    const engineClient = client;
    const timeoutS = timeoutSeconds(scope, opts.timeoutSeconds);
    const ctl = new AbortController();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Deploying stack ${stack}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => ctl.abort(new Error(`deploy of stack ${stack} cancelled`)));
          const states = new Map<string, { running: number; desired: number }>();
          let total = desired.services.length;
          const onEvent = (e: DeployEvent): void => {
            log.info(`  ${e.message}`);
            if (e.phase === 'converge' && e.service && e.desired !== undefined) {
              states.set(e.service, { running: e.running ?? 0, desired: e.desired });
              const conv = [...states.values()].filter((s) => s.running >= s.desired).length;
              progress.report({ message: `${conv}/${total} services converged · ${e.service} ${e.running}/${e.desired}` });
            } else progress.report({ message: e.message });
          };
          return deployStack(engineClient, desired, {
            prune: opts.prune,
            timeoutMs: timeoutS * 1000,
            registryAuth: true,
            env: process.env,
            signal: ctl.signal,
            progress: onEvent,
            confirm: async (plan: Plan) => {
              log.info(formatPlan(plan));
              total = plan.services.filter((s) => s.action !== 'remove').length;
              if (planIsEmpty(plan) || opts.yes) return true; // nothing to change: go on to check convergence
              const a = await vscode.window.showInformationMessage(
                `Deploy stack "${stack}" to ${engineClient.description.label}?`,
                { modal: true, detail: planDetail(plan) },
                'Deploy',
              );
              return a === 'Deploy';
            },
          });
        },
      );
      void refreshExplorer();
      if (result.plan.blocking.length) {
        void vscode.window
          .showErrorMessage(`Mender Swarm: stack "${stack}" not deployed: ${result.plan.blocking[0]}`, 'Show Output')
          .then((a) => a && log.show(true));
        return done({ stack, status: 'refused', message: `blocked: ${result.plan.blocking.join('; ')}` });
      }
      if (!result.applied) return done({ stack, status: 'cancelled', message: 'plan not confirmed, nothing changed' });
      const ap = result.applied;
      const base = { stack, created: ap.created, updated: ap.updated, unchanged: ap.unchanged, removed: ap.removed };
      const applied = `${ap.created.length} created, ${ap.updated.length} updated, ${ap.unchanged.length} unchanged, ${ap.removed.length} removed`;
      log.info(`deploy ${stack}: applied: ${applied}`);
      const conv = result.convergence;
      if (!conv || conv.converged) {
        const msg = conv
          ? `all ${conv.services.length} services converged in ${(conv.elapsedMs / 1000).toFixed(1)} s (${applied})`
          : `applied (${applied}); convergence not awaited`;
        void vscode.window.showInformationMessage(`Stack "${stack}" deployed: ${msg}.`);
        return done({ ...base, status: 'converged', message: msg });
      }
      const failing = conv.services.filter((s) => s.state !== 'converged');
      log.warn(`deploy ${stack}: NOT converged:`);
      for (const o of failing) for (const l of outcomeLines(o)) log.warn(`  ${l}`);
      void vscode.window
        .showErrorMessage(
          `Stack "${stack}" did not converge: ${failing.map((o) => `${o.name} (${o.error ?? o.state})`).join(', ')}`,
          'Show Output',
          'Run Doctor',
        )
        .then((a) => {
          if (a === 'Show Output') log.show(true);
          if (a === 'Run Doctor') void vscode.commands.executeCommand(DEPLOY_COMMANDS.doctor, { stackName: stack });
        });
      return done({
        ...base,
        status: 'not-converged',
        message: `${failing.length} service(s) not converged`,
        failing: failing.map((o) => ({ service: o.fullName, state: o.state, error: o.error, node: o.node, exitCode: o.exitCode, logs: o.logs })),
      });
    } catch (err) {
      void refreshExplorer();
      if (isAbort(err, ctl.signal)) {
        void vscode.window.showInformationMessage(`Deploy of stack "${stack}" cancelled. Run it again to finish: a deploy resumes where it stopped.`);
        return done({ stack, status: 'cancelled', message: 'cancelled' });
      }
      log.error(`deploy ${stack} failed: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Mender Swarm: deploy of stack "${stack}" failed: ${errorText(err)}`, 'Show Output', 'Run Doctor').then((a) => {
        if (a === 'Show Output') log.show(true);
        if (a === 'Run Doctor') void vscode.commands.executeCommand(DEPLOY_COMMANDS.doctor, { stackName: stack });
      });
      return done({ stack, status: 'failed', message: errorText(err) });
    } finally {
      engineClient.dispose();
    }
  }

  /** Dry run: what a deploy would do, as a read-only Markdown report. Returns the plan (tests, scripts). */
  async plan(arg: unknown): Promise<Plan | undefined> {
    if (!requireTrust('Planning a deploy')) return undefined;
    const opts = asOptions<DeployCommandOptions>(arg) ?? {};
    const files = await this.files(arg);
    if (!files) return undefined;
    const project = readProject(files);
    const stack = await this.names.ask(files, opts.stackName, 'Plan deploy of stack', project);
    if (!stack) return undefined;
    try {
      const { lint, desired } = loadStack(files, stack, imageMappings(vscode.Uri.file(files[0]), opts.imageMap), project);
      const client = connectEngine();
      try {
        const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading stack ${stack}` }, async () =>
          planStack(desired, await readStackState(client, stack), { prune: opts.prune }),
        );
        this.deps.log.info(`plan ${stack}: ${planSummary(plan)}`);
        if (!opts.yes)
          await this.reports.show(
            `plan-${stack}`,
            planMarkdown(
              plan,
              files.map((f) => vscode.workspace.asRelativePath(f)),
              desired.issues,
              lint,
            ),
          );
        return plan;
      } finally {
        client.dispose();
      }
    } catch (err) {
      this.deps.log.error(`plan ${stack}: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Mender Swarm: cannot plan stack "${stack}": ${errorText(err)}`);
      return undefined;
    }
  }

  /** Write the resolved stack as a compose v3.8 file `docker stack deploy` accepts, then open it. */
  async export(arg: unknown): Promise<string | undefined> {
    if (!requireTrust('Exporting a stack')) return undefined;
    const opts = asOptions<ExportCommandOptions>(arg) ?? {};
    const files = await this.files(arg);
    if (!files) return undefined;
    const read = readProject(files);
    const stack = opts.stackName ?? this.names.defaultFor(files, read);
    try {
      const project = withStackName(read ?? projectOf(files), stack);
      const broken = project.findings.find((f) => f.code === 'unreadable-file' || f.code === 'yaml-syntax');
      if (broken) throw new Error(`${broken.span.file.path}: ${broken.message}`);
      let target: vscode.Uri | undefined;
      if (opts.output) target = vscode.Uri.file(path.resolve(path.dirname(files[0]), opts.output));
      else {
        target = await vscode.window.showSaveDialog({
          title: `Export stack "${stack}" as compose v3`,
          saveLabel: 'Export',
          defaultUri: vscode.Uri.file(path.join(path.dirname(files[0]), `${stack}.stack.v3.yml`)),
          filters: { YAML: ['yml', 'yaml'] },
        });
      }
      if (!target) return undefined;
      // Relative paths (secret files, env_file, bind mounts) are written to be right from the target's folder.
      const r = exportV3(project, { imageMap: imageMappings(vscode.Uri.file(files[0]), opts.imageMap), outDir: path.dirname(target.fsPath) });
      if (target.scheme === 'file') {
        // Owner-only (workspace.fs.writeFile would leave 0644): the file holds the values of .env and the environment.
        await writeFile(target.fsPath, r.text, { mode: EXPORT_FILE_MODE });
        await chmod(target.fsPath, EXPORT_FILE_MODE);
      } else await vscode.workspace.fs.writeFile(target, Buffer.from(r.text, 'utf8'));
      for (const n of r.notes) this.deps.log.info(`export ${stack}: ${n.service ? `service "${n.service}": ` : ''}${n.message}`);
      this.deps.log.info(`export ${stack}: wrote ${target.fsPath} (mode 0600: it contains the values of .env and the environment)`);
      if (!opts.output) await vscode.window.showTextDocument(target, { preview: false });
      return target.fsPath;
    } catch (err) {
      void vscode.window.showErrorMessage(`Mender Swarm: cannot export stack "${stack}": ${errorText(err)}`);
      return undefined;
    }
  }
}
