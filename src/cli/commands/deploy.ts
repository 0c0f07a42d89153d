import { formatPlan, planIsEmpty } from '../../core/deploy/plan';
import { deployGate } from '../../core/deploy/stack';
import { DEPLOY_WARNING_CODES } from '../../core/rules';
import { deployStack, type DeployEvent, doctorReport } from '../../docker';
import {
  confirm,
  connect,
  consentToRemove,
  requireYesOffTerminal,
  formatDiagnostic,
  formatIssue,
  guard,
  imageMaps,
  loadStack,
  one,
  parseArgs,
  UsageError,
  type CliIO,
} from './common';

export const usage = 'mender-swarm deploy --stack NAME [--image-map FROM=TO]... [--prune] [--yes] [--force] [--timeout SECONDS] FILE...';

/** Deploy and wait for convergence: 0 converged, 1 not converged or refused, 2 usage / unreadable input. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const a = parseArgs(argv, ['--stack', '--image-map', '--timeout'], ['--prune', '--yes', '-y', '--force', '--no-registry-auth', '--quiet']);
    const timeoutArg = one(a, '--timeout');
    const timeoutS = timeoutArg === undefined ? 300 : Number(timeoutArg);
    if (!Number.isFinite(timeoutS) || timeoutS < 0) throw new UsageError(`--timeout wants seconds, got "${timeoutArg}"`);
    if (a.bools.has('--prune')) requireYesOffTerminal('deploy --prune', a.bools.has('--yes') || a.bools.has('-y'));
    const { lint, desired, project } = loadStack(a.positional, one(a, '--stack'), io, imageMaps(a));
    const force = a.bools.has('--force');

    // Lint errors and keys swarm cannot honour stop the deploy before anything is sent, unless --force (the editor's gate).
    const gate = deployGate({ lint, desired, project }, force);
    for (const d of gate.lintErrors) io.stderr(formatDiagnostic(d) + '\n');
    // Warnings that predict a deploy will not converge are shown before it, without blocking it.
    for (const d of lint.filter((x) => x.severity !== 'error' && DEPLOY_WARNING_CODES.has(x.code))) io.stderr(formatDiagnostic(d) + '\n');
    for (const i of desired.issues.filter((x) => x.severity !== 'info')) io.stderr(formatIssue(i) + '\n');
    if (!gate.allowed) {
      io.stderr(
        `mender-swarm: not deploying: ${gate.lintErrors.length} lint error(s), ${gate.convErrors.length} conversion error(s). Fix them or pass --force.\n`,
      );
      return 1;
    }

    const client = connect(io);
    const t0 = Date.now();
    const quiet = a.bools.has('--quiet');
    const progress = (e: DeployEvent): void => {
      if (quiet && e.phase === 'converge' && !/FAILED|not converged/.test(e.message)) return;
      io.stdout(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${e.message}\n`);
    };
    try {
      const result = await deployStack(client, desired, {
        prune: a.bools.has('--prune'),
        timeoutMs: timeoutS * 1000,
        registryAuth: !a.bools.has('--no-registry-auth'),
        env: io.env,
        progress,
        confirm: async (plan) => {
          io.stdout(formatPlan(plan) + '\n');
          if (planIsEmpty(plan)) return true; // nothing to change: go straight to checking convergence
          const yes = a.bools.has('--yes') || a.bools.has('-y');
          const removed = [...plan.services, ...plan.networks, ...plan.secrets, ...plan.configs].filter((x) => x.action === 'remove');
          if (removed.length) return consentToRemove(`deploy --prune of stack "${plan.stack}" removes ${removed.map((x) => x.fullName).join(', ')}`, yes, io);
          if (yes) return true;
          return confirm('Apply this plan?', io);
        },
      });
      if (result.plan.blocking.length) {
        io.stdout(formatPlan(result.plan) + '\n');
        io.stderr(`mender-swarm: not deploying:\n  ${result.plan.blocking.join('\n  ')}\n`);
        return 1;
      }
      if (!result.applied) {
        io.stderr('mender-swarm: cancelled, nothing changed.\n');
        return 1;
      }
      const ap = result.applied;
      io.stdout(`applied: ${ap.created.length} created, ${ap.updated.length} updated, ${ap.unchanged.length} unchanged, ${ap.removed.length} removed\n`);
      const conv = result.convergence;
      if (!conv) return 0;
      if (conv.converged) {
        io.stdout(
          `stack ${desired.stack}: all ${conv.services.length} services converged in ${(conv.elapsedMs / 1000).toFixed(1)} s (${((Date.now() - t0) / 1000).toFixed(1)} s in all)\n`,
        );
        return 0;
      }
      io.stdout(`stack ${desired.stack}: NOT converged\n`);
      for (const o of conv.services.filter((s) => s.state !== 'converged')) {
        io.stdout(
          `  ${o.fullName}: ${o.state} ${o.running}/${o.desired}${o.error ? ` - ${o.error}` : ''}${o.node ? ` (node ${o.node})` : ''}${o.exitCode !== undefined ? ` exit code ${o.exitCode}` : ''}\n`,
        );
        for (const l of o.logs ?? []) io.stdout(`    | ${l}\n`);
      }
      const report = await doctorReport(client, desired.stack, { lint, onSlow: (note) => io.stderr(`mender-swarm: ${note}\n`) });
      io.stdout('\n' + report.markdown + '\n');
      return 1;
    } finally {
      client.dispose();
    }
  });
}
