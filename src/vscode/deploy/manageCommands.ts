// Scale, remove, rollback, force update and doctor: commands on what runs on the swarm (not on a manifest),
// from the explorer's rows or the palette (with a pick from the engine). Each confirms what it will change.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { LABEL_NAMESPACE } from '../../core/deploy/engine';
import type { Diagnostic } from '../../core/diagnostic';
import { lintStack } from '../../core/lint';
import {
  waitForConvergence,
  type ConvergeResult,
  doctorReport,
  type DoctorReport,
  findService,
  forceUpdateService,
  listStacks,
  removeStack,
  rollbackService,
  scaleServices,
  serviceShortName,
  type RemoveResult,
  type StackClient,
  type SwarmService,
} from '../../docker';
import type { ExtensionDeps } from '../deps';
import type { ScaleCommandOptions, ServiceCommandOptions, StackCommandOptions } from './ids';
import { outcomeLines } from './render';
import { asOptions, asRow, connectEngine, errorText, isAbort, refreshExplorer, ReportProvider, requireTrust, timeoutSeconds } from './shared';
import type { StackNames } from './target';

type ServiceFilter = (s: SwarmService) => boolean;

function modeOf(s: SwarmService): string {
  const m = s.Spec?.Mode;
  return m?.Global ? 'global' : m?.ReplicatedJob ? 'replicated job' : m?.GlobalJob ? 'global job' : 'replicated';
}

export class ManageCommands {
  constructor(
    private readonly deps: ExtensionDeps,
    private readonly names: StackNames,
    private readonly reports: ReportProvider,
  ) {}

  /** Open a client, run `body`, dispose; engine errors become one notification naming the action and the engine. */
  private async withEngine<T>(action: string, body: (c: StackClient) => Promise<T>): Promise<T | undefined> {
    let client: StackClient | undefined;
    try {
      client = connectEngine();
      return await body(client);
    } catch (err) {
      this.deps.log.error(`${action}: ${errorText(err)}`);
      void vscode.window
        .showErrorMessage(`Mender Swarm: ${action} failed${client ? ` on ${client.description.label}` : ''}: ${errorText(err)}`, 'Show Output')
        .then((a) => a && this.deps.log.show(true));
      return undefined;
    } finally {
      client?.dispose();
      void refreshExplorer();
    }
  }

  /** The service of a tree row or the options, else picked from the engine; undefined when the user backed out. */
  private async service(client: StackClient, arg: unknown, title: string, filter: ServiceFilter = () => true): Promise<SwarmService | undefined> {
    const row = asRow(arg);
    if (row?.ref?.type === 'service') return findService(client, row.ref.name, undefined);
    const opts = asOptions<ServiceCommandOptions>(arg);
    if (opts?.service) return findService(client, opts.service, opts.stackName);
    const all = (await client.listServices({ status: true })).filter(filter);
    if (!all.length) {
      void vscode.window.showInformationMessage(`No service on ${client.description.label} to ${title.toLowerCase()}.`);
      return undefined;
    }
    const items = all
      .sort((a, b) => (a.Spec?.Name ?? '').localeCompare(b.Spec?.Name ?? ''))
      .map((s) => ({
        label: s.Spec?.Name ?? s.ID,
        description: [
          s.Spec?.Labels?.[LABEL_NAMESPACE] ? `stack ${s.Spec.Labels[LABEL_NAMESPACE]}` : '',
          modeOf(s),
          s.ServiceStatus ? `${s.ServiceStatus.RunningTasks ?? 0}/${s.ServiceStatus.DesiredTasks ?? 0} running` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        svc: s,
      }));
    return (await vscode.window.showQuickPick(items, { title, placeHolder: `Services on ${client.description.label}`, matchOnDescription: true }))?.svc;
  }

  private async stack(client: StackClient, arg: unknown, title: string): Promise<string | undefined> {
    const row = asRow(arg);
    if (row?.kind === 'stack') return row.label;
    const opts = asOptions<StackCommandOptions>(arg);
    if (opts?.stackName) return opts.stackName;
    const stacks = await listStacks(client);
    if (!stacks.size) {
      void vscode.window.showInformationMessage(`No stack on ${client.description.label}.`);
      return undefined;
    }
    const items = [...stacks].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => ({ label: name, description: `${n} service${n === 1 ? '' : 's'}` }));
    return (await vscode.window.showQuickPick(items, { title, placeHolder: `Stacks on ${client.description.label}` }))?.label;
  }

  private async confirm(yes: boolean | undefined, message: string, detail: string, action: string): Promise<boolean> {
    if (yes) return true;
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  }

  /** Progress to convergence of the given services, with cancel; failures go to the Output channel. */
  private async converge(
    client: StackClient,
    title: string,
    svcs: SwarmService[],
    timeoutS: number,
    after?: { since: Date; rollback: boolean },
  ): Promise<ConvergeResult | undefined> {
    const ctl = new AbortController();
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => ctl.abort(new Error(`${title}: stopped waiting`)));
        // A rollback or force update is started by the engine asynchronously: the loop waits for it to be marked.
        const res = await waitForConvergence(
          client,
          svcs.map((s) => ({ id: s.ID, fullName: s.Spec?.Name ?? s.ID, name: serviceShortName(s) })),
          {
            timeoutMs: timeoutS * 1000,
            signal: ctl.signal,
            rollback: after?.rollback,
            expectUpdate: !!after,
            since: after?.since,
            progress: (e) => {
              this.deps.log.info(`  ${e.message}`);
              progress.report({ message: e.message });
            },
          },
        );
        return res;
      });
    } catch (err) {
      if (isAbort(err, ctl.signal)) {
        this.deps.log.info(`${title}: stopped waiting (the change itself stays)`);
        return undefined;
      }
      throw err;
    }
  }

  private report(what: string, res: ConvergeResult | undefined, stack: string | undefined): void {
    if (!res) return;
    if (res.converged) {
      void vscode.window.showInformationMessage(`${what}: converged in ${(res.elapsedMs / 1000).toFixed(1)} s.`);
      return;
    }
    for (const o of res.services.filter((s) => s.state !== 'converged')) for (const l of outcomeLines(o)) this.deps.log.warn(`  ${l}`);
    const actions = stack ? ['Show Output', 'Run Doctor'] : ['Show Output'];
    void vscode.window
      .showErrorMessage(
        `${what}: not converged: ${res.services
          .filter((s) => s.state !== 'converged')
          .map((o) => o.error ?? o.state)
          .join('; ')}`,
        ...actions,
      )
      .then((a) => {
        if (a === 'Show Output') this.deps.log.show(true);
        if (a === 'Run Doctor') void vscode.commands.executeCommand('menderSwarm.deploy.doctor', { stackName: stack });
      });
  }

  async scale(arg: unknown): Promise<ConvergeResult | undefined> {
    if (!requireTrust('Scaling a service')) return undefined;
    const opts = asOptions<ScaleCommandOptions>(arg) ?? {};
    return this.withEngine('scale', async (client) => {
      const svc = await this.service(client, arg, 'Scale service', (s) => !!s.Spec?.Mode?.Replicated);
      if (!svc) return undefined;
      const name = svc.Spec?.Name ?? svc.ID;
      if (!svc.Spec?.Mode?.Replicated) throw new Error(`${name} is ${modeOf(svc)}: only replicated services scale`);
      const current = svc.Spec.Mode.Replicated.Replicas ?? 1;
      let replicas = opts.replicas;
      if (replicas === undefined) {
        const v = await vscode.window.showInputBox({
          title: `Scale ${name}`,
          prompt: `Replicas (now ${current})`,
          value: String(current),
          validateInput: (s) => (/^\s*\d+\s*$/.test(s) ? undefined : 'A non-negative whole number of replicas.'),
        });
        if (v === undefined) return undefined;
        replicas = parseInt(v.trim(), 10);
      }
      if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`${name}: replicas must be a non-negative integer, not ${replicas}`);
      if (
        replicas === 0 &&
        !(await this.confirm(opts.yes, `Scale ${name} to 0?`, 'All its tasks stop; the service stays and can be scaled up again.', 'Scale to 0'))
      )
        return undefined;
      const stack = svc.Spec.Labels?.[LABEL_NAMESPACE];
      await scaleServices(client, [{ service: name, replicas }]);
      this.deps.log.info(`scale: ${name} ${current} -> ${replicas}`);
      const res = await this.converge(client, `Scaling ${name} to ${replicas}`, [svc], timeoutSeconds(undefined, opts.timeoutSeconds));
      this.report(`${name} scaled to ${replicas}`, res, stack);
      return res;
    });
  }

  async removeStack(arg: unknown): Promise<RemoveResult | undefined> {
    if (!requireTrust('Removing a stack')) return undefined;
    const opts = asOptions<StackCommandOptions>(arg) ?? {};
    return this.withEngine('remove stack', async (client) => {
      const stack = await this.stack(client, arg, 'Remove stack');
      if (!stack) return undefined;
      const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
      const [services, networks, secrets, configs] = await Promise.all([
        client.listServices({ filters: label }),
        client.listNetworks(label),
        client.listSecrets(label),
        client.listConfigs(label),
      ]);
      const parts: [string, string[]][] = [
        ['Services', services.map((s) => s.Spec?.Name ?? s.ID)],
        ['Networks', networks.map((n) => n.Name)],
        ['Secrets', secrets.map((s) => s.Spec?.Name ?? s.ID)],
        ['Configs', configs.map((c) => c.Spec?.Name ?? c.ID)],
      ];
      if (parts.every(([, l]) => !l.length)) {
        void vscode.window.showInformationMessage(`Nothing to remove: no stack "${stack}" on ${client.description.label}.`);
        return { services: [], networks: [], secrets: [], configs: [], errors: [] };
      }
      const detail =
        parts
          .filter(([, l]) => l.length)
          .map(([h, l]) => `${h} (${l.length}): ${l.slice(0, 12).join(', ')}${l.length > 12 ? ', …' : ''}`)
          .join('\n\n') + `\n\nOnly objects labelled ${LABEL_NAMESPACE}=${stack} are removed; volumes and anything else stay.`;
      if (!(await this.confirm(opts.yes, `Remove stack "${stack}" from ${client.description.label}?`, detail, 'Remove Stack'))) return undefined;
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing stack ${stack}` }, (progress) =>
        removeStack(client, stack, {
          progress: (m) => {
            this.deps.log.info(`  ${m}`);
            progress.report({ message: m });
          },
        }),
      );
      const summary = `${r.services.length} services, ${r.networks.length} networks, ${r.secrets.length} secrets, ${r.configs.length} configs`;
      this.deps.log.info(`remove stack ${stack}: removed ${summary}`);
      for (const e of r.errors) this.deps.log.error(`remove stack ${stack}: ${e}`);
      if (r.errors.length)
        void vscode.window
          .showErrorMessage(`Stack "${stack}" partly removed (${summary}); ${r.errors.length} error(s): ${r.errors[0]}`, 'Show Output')
          .then((a) => a && this.deps.log.show(true));
      else void vscode.window.showInformationMessage(`Stack "${stack}" removed: ${summary}.`);
      return r;
    });
  }

  async removeService(arg: unknown): Promise<string | undefined> {
    if (!requireTrust('Removing a service')) return undefined;
    const opts = asOptions<ServiceCommandOptions>(arg) ?? {};
    return this.withEngine('remove service', async (client) => {
      const svc = await this.service(client, arg, 'Remove service');
      if (!svc) return undefined;
      const name = svc.Spec?.Name ?? svc.ID;
      const stack = svc.Spec?.Labels?.[LABEL_NAMESPACE];
      const detail = `Its tasks stop and the service is deleted.${stack ? ` The rest of stack "${stack}" (its other services, networks, secrets, configs) stays; deploying the stack again recreates it.` : ''}`;
      if (!(await this.confirm(opts.yes, `Remove service ${name}?`, detail, 'Remove Service'))) return undefined;
      await client.removeService(svc.ID);
      this.deps.log.info(`remove service: ${name}`);
      void vscode.window.showInformationMessage(`Service ${name} removed.`);
      return name;
    });
  }

  async rollback(arg: unknown): Promise<ConvergeResult | undefined> {
    if (!requireTrust('Rolling back a service')) return undefined;
    const opts = asOptions<ServiceCommandOptions>(arg) ?? {};
    return this.withEngine('rollback', async (client) => {
      const svc = await this.service(client, arg, 'Roll back service', (s) => !!s.PreviousSpec);
      if (!svc) return undefined;
      const name = svc.Spec?.Name ?? svc.ID;
      if (
        !(await this.confirm(
          opts.yes,
          `Roll back ${name} to its previous spec?`,
          'The spec before its last update is restored and its tasks are replaced following its rollback_config.',
          'Roll Back',
        ))
      )
        return undefined;
      const since = new Date();
      await rollbackService(client, name);
      this.deps.log.info(`rollback: ${name}`);
      const res = await this.converge(client, `Rolling back ${name}`, [svc], timeoutSeconds(undefined, opts.timeoutSeconds), { since, rollback: true });
      this.report(`${name} rolled back`, res, svc.Spec?.Labels?.[LABEL_NAMESPACE]);
      return res;
    });
  }

  async forceUpdate(arg: unknown): Promise<ConvergeResult | undefined> {
    if (!requireTrust('Force-updating a service')) return undefined;
    const opts = asOptions<ServiceCommandOptions>(arg) ?? {};
    return this.withEngine('force update', async (client) => {
      const svc = await this.service(client, arg, 'Force update service');
      if (!svc) return undefined;
      const name = svc.Spec?.Name ?? svc.ID;
      if (
        !(await this.confirm(
          opts.yes,
          `Force update ${name}?`,
          'Every task is replaced (following its update_config) with the same spec: a restart, pulling the image again if its tag moved.',
          'Force Update',
        ))
      )
        return undefined;
      const since = new Date();
      await forceUpdateService(client, name);
      this.deps.log.info(`force update: ${name}`);
      const res = await this.converge(client, `Force-updating ${name}`, [svc], timeoutSeconds(undefined, opts.timeoutSeconds), { since, rollback: false });
      this.report(`${name} force-updated`, res, svc.Spec?.Labels?.[LABEL_NAMESPACE]);
      return res;
    });
  }

  /** "Why isn't my stack converging?": the docker module's report, plus link findings when the manifest is known here. */
  async doctor(arg: unknown): Promise<DoctorReport | undefined> {
    if (!requireTrust('The stack doctor')) return undefined;
    const opts = asOptions<StackCommandOptions>(arg) ?? {};
    return this.withEngine('doctor', async (client) => {
      const stack = await this.stack(client, arg, "Why isn't my stack converging?");
      if (!stack) return undefined;
      let lint: Diagnostic[] | undefined;
      const files = this.names.filesOf(stack);
      if (files?.every((f) => fs.existsSync(f))) {
        try {
          lint = lintStack({ files, stackName: stack, env: process.env }).diagnostics;
        } catch (err) {
          this.deps.log.warn(`doctor ${stack}: manifest not linted: ${errorText(err)}`);
        }
      }
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Examining stack ${stack}` }, () =>
        doctorReport(client, stack, { lint, onSlow: (note) => this.deps.log.warn(`doctor ${stack}: ${note}`) }),
      );
      this.deps.log.info(`doctor ${stack}: ${r.healthy ? 'healthy' : `${r.findings.length} finding(s)`}`);
      if (opts.show !== false) await this.reports.show(`doctor-${stack}`, r.markdown);
      return r;
    });
  }
}
