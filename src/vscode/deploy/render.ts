// Text the deploy commands show: the plan as Markdown (the Plan command's report) and as a short modal detail
// (the confirmation), and the convergence summary for the Output channel.
import * as path from 'path';
import type { ConvertIssue } from '../../core/deploy/convert';
import { maskedChange, objectNote, type Plan } from '../../core/deploy/plan';
import { maskText } from '../../core/mask';
import type { Diagnostic } from '../../core/diagnostic';
import type { ServiceOutcome } from '../../docker';

type Action = 'create' | 'update' | 'rotate' | 'unchanged' | 'remove' | 'external';
const WORD: Record<Action, string> = { create: 'create', update: 'update', rotate: 'rotate', unchanged: 'unchanged', remove: 'remove', external: 'external' };

function rows(p: Plan): { action: Action; what: string; notes: string[] }[] {
  return [
    ...p.networks.map((n) => ({ action: n.action, what: `network ${n.fullName}`, notes: n.notes.map(maskText) })),
    ...[...p.secrets, ...p.configs].map((o) => ({
      action: o.action,
      what: `${o.kind} ${o.fullName}`,
      notes: objectNote(o)
        ? [
            objectNote(o)
              .trim()
              .replace(/^\(|\)$/g, ''),
          ]
        : [],
    })),
    ...p.services.map((s) => ({
      action: s.action,
      what: `service ${s.fullName}`,
      notes: s.changes.map(maskedChange).map((c) => `${c.path}: ${brief(c.from)} → ${brief(c.to)}`),
    })),
  ];
}

export function planCounts(p: Plan): Record<Action, number> {
  const c: Record<Action, number> = { create: 0, update: 0, rotate: 0, unchanged: 0, remove: 0, external: 0 };
  for (const r of rows(p)) c[r.action]++;
  return c;
}

export function planSummary(p: Plan): string {
  const c = planCounts(p);
  return `${c.create} to create, ${c.update} to update${c.rotate ? `, ${c.rotate} to rotate` : ''}, ${c.unchanged} unchanged${c.remove ? `, ${c.remove} to remove` : ''}`;
}

/** For a modal's detail: what changes first (create, update with fields, remove), unchanged ones counted only. */
export function planDetail(p: Plan, maxLines = 30): string {
  const lines: string[] = [];
  const order: Action[] = ['remove', 'create', 'rotate', 'update'];
  for (const a of order) {
    for (const r of rows(p).filter((x) => x.action === a)) {
      lines.push(`${a === 'create' ? '+' : a === 'remove' ? '−' : a === 'rotate' ? '^' : '~'} ${r.what}`);
      for (const n of r.notes.slice(0, 4)) lines.push(`    ${n}`);
      if (r.notes.length > 4) lines.push(`    … ${r.notes.length - 4} more field(s)`);
    }
  }
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more line(s): see the Output channel`] : lines;
  return [`Stack "${p.stack}": ${planSummary(p)}.`, '', ...shown].join('\n');
}

export function planMarkdown(p: Plan, files: string[], issues: ConvertIssue[], lint: Diagnostic[]): string {
  const out: string[] = [`# Plan for stack \`${p.stack}\``, '', `From ${files.map((f) => `\`${f}\``).join(', ')}.`, '', `**${planSummary(p)}.**`, ''];
  if (p.blocking.length) {
    out.push('## Blocked', '', ...p.blocking.map((b) => `- ${maskText(b)}`), '');
  }
  const errors = lint.filter((d) => d.severity === 'error');
  if (errors.length || issues.some((i) => i.severity === 'error')) {
    out.push('## Errors (a deploy stops here unless overridden)', '');
    for (const d of errors) out.push(`- \`${path.basename(d.file)}:${d.range.start.line + 1}\` ${d.message} \`[${d.code}]\``);
    for (const i of issues.filter((x) => x.severity === 'error')) out.push(`- ${i.message} \`[${i.code}]\``);
    out.push('');
  }
  const warnings = issues.filter((i) => i.severity === 'warning');
  if (warnings.length) {
    out.push('## Not honoured by swarm', '', ...warnings.map((i) => `- ${i.service ? `**${i.service}**: ` : ''}${i.message}`), '');
  }
  const order: Action[] = ['create', 'rotate', 'update', 'remove', 'unchanged', 'external'];
  for (const a of order) {
    const list = rows(p).filter((r) => r.action === a);
    if (!list.length) continue;
    out.push(`## ${WORD[a][0].toUpperCase()}${WORD[a].slice(1)} (${list.length})`, '');
    for (const r of list) {
      out.push(`- ${r.what}`);
      for (const n of r.notes) out.push(`  - \`${n.replace(/`/g, "'")}\``);
    }
    out.push('');
  }
  return out.join('\n');
}

export function outcomeLines(o: ServiceOutcome): string[] {
  const head = `${o.fullName}: ${o.state} ${o.running}/${o.desired}${o.error ? ` - ${o.error}` : ''}${o.node ? ` (node ${o.node})` : ''}${o.exitCode !== undefined ? ` exit code ${o.exitCode}` : ''}`;
  return [head, ...(o.logs ?? []).map((l) => `    | ${l}`)];
}

function brief(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = JSON.stringify(v);
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}
