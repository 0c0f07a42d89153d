import * as path from 'path';
import { Scalar, stringify } from 'yaml';
import type { Project } from '../manifest/project';
import { toPlain } from '../model/node';
import { asRecord } from './convert';
import { plainText } from './convert/values';
import { restartPolicyOf } from './restart';
import { PathRebaser } from './exportPaths';
import { EXPORT_VERSION, inExportedFile, laterThanFile, objectFate, swarmFate } from './swarmFate';
import { ImageMapping, mapImage } from './units';

/**
 * The resolved stack as a compose v3.8 file that `docker stack deploy` accepts: `extends` and `include` resolved, `.env` and
 * interpolation applied (and `$` escaped, since the CLI interpolates again), `restart:` and v2 resource keys
 * moved under `deploy:`, and what the v3 schema refuses dropped with a note saying so.
 */

/** Top-level keys of a v3 file (besides version and x-*). Which service keys it takes: swarmFate.ts, inExportedFile. */
const TOP_KEYS = new Set(['services', 'networks', 'volumes', 'secrets', 'configs']);

export interface ExportNote {
  service?: string;
  key: string;
  message: string;
}
export interface ExportResult {
  text: string;
  notes: ExportNote[];
}
export interface ExportOptions {
  imageMap?: readonly ImageMapping[];
  /** The folder the file is written to: relative paths are rewritten to be right from there (default: the project's). */
  outDir?: string;
}

/** Written exports are owner-only: they hold the values of `.env` and the environment. */
export const EXPORT_FILE_MODE = 0o600;

export function exportV3(project: Project, opts: ExportOptions = {}): ExportResult {
  const notes: ExportNote[] = [];
  const paths = new PathRebaser(project.projectDir, opts.outDir ?? project.projectDir);
  const services: Record<string, unknown> = {};
  for (const svc of project.services.values()) {
    const src = asRecord(toPlain(svc.node));
    const out: Record<string, unknown> = {};
    const deploy: Record<string, unknown> = { ...asRecord(src.deploy) };
    const resources = { ...asRecord(deploy.resources) };
    const limits = { ...asRecord(resources.limits) };
    const reservations = { ...asRecord(resources.reservations) };
    for (const [key, value] of Object.entries(src)) {
      if (key.startsWith('x-')) {
        out[key] = value;
        continue;
      }
      switch (key) {
        case 'extends':
          continue; // already merged into the service
        case 'restart': {
          if (deploy.restart_policy === undefined && value !== null) {
            const of = restartPolicyOf(plainText(value));
            if (of.kind === 'policy') {
              deploy.restart_policy = { condition: of.condition, ...(of.maxAttempts !== undefined ? { max_attempts: of.maxAttempts } : {}) };
              notes.push({ service: svc.name, key, message: `restart: ${plainText(value)} written as deploy.restart_policy` });
            }
          }
          continue;
        }
        case 'depends_on':
          // The model keeps depends_on as a mapping; v3 wants the list form.
          out[key] = Object.keys(asRecord(value)).length ? Object.keys(asRecord(value)) : value;
          continue;
        case 'image':
          out[key] = typeof value === 'string' ? mapImage(value, opts.imageMap ?? []) : value;
          continue;
        case 'healthcheck': {
          if (!value || typeof value !== 'object' || Array.isArray(value)) break;
          const hc = { ...asRecord(value) };
          for (const k of Object.keys(hc))
            if (laterThanFile('healthcheck', k, EXPORT_VERSION)) {
              delete hc[k];
              notes.push({
                service: svc.name,
                key: `healthcheck.${k}`,
                message: `\`healthcheck.${k}\` dropped: compose v${EXPORT_VERSION} (docker stack deploy) does not accept it`,
              });
            }
          out[key] = hc;
          continue;
        }
        case 'scale':
          // compose's replica count; deploy.replicas, when given, is the one swarm uses (as deploy does).
          if (deploy.replicas === undefined) {
            deploy.replicas = value;
            note(notes, svc.name, key, 'deploy.replicas');
          } else notes.push({ service: svc.name, key, message: '`scale` dropped: deploy.replicas gives the replica count' });
          continue;
      }
      const movedTo = swarmFate(key)?.movedTo;
      if (movedTo) {
        // deploy.resources.{limits,reservations}.<field>: what the v3 file says wins over the v2 key.
        const [, , group, field] = movedTo.split('.');
        const into = group === 'limits' ? limits : reservations;
        into[field] ??= field === 'cpus' ? String(value) : value;
        note(notes, svc.name, key, movedTo);
        continue;
      }
      if (!inExportedFile(key)) {
        notes.push({ service: svc.name, key, message: `\`${key}\` dropped: compose v${EXPORT_VERSION} (docker stack deploy) does not accept it` });
        continue;
      }
      out[key] = value;
    }
    if (Object.keys(limits).length) resources.limits = limits;
    if (Object.keys(reservations).length) resources.reservations = reservations;
    if (Object.keys(resources).length) deploy.resources = resources;
    if (Object.keys(deploy).length) out.deploy = deploy;
    paths.service(out);
    services[svc.name] = out;
  }
  const doc: Record<string, unknown> = { version: EXPORT_VERSION, services };
  const merged = asRecord(project.merged ? toPlain(project.merged) : {});
  for (const [k, v] of Object.entries(merged)) {
    if (k === 'services' || k === 'version') continue;
    if (TOP_KEYS.has(k) || k.startsWith('x-')) {
      doc[k] = v;
      if (k === 'secrets' || k === 'configs') {
        paths.objects(v);
        for (const [name, def] of Object.entries(asRecord(v)))
          for (const field of Object.keys(asRecord(def)))
            if (objectFate(k, field))
              notes.push({
                key: `${k}.${name}.${field}`,
                message: `${k === 'secrets' ? 'secret' : 'config'} "${name}": \`${field}\` kept as written, which docker stack deploy refuses (Mender Swarm's deploy takes it); for the docker CLI, write the data to a file and use file:`,
              });
      }
    } else
      notes.push({
        key: k,
        message: `top-level \`${k}\` dropped: docker stack deploy accepts only version, services, networks, volumes, secrets, configs and x-*`,
      });
  }
  // The included projects' resources are in `merged` already (the manifest layer imports them, paths resolved).
  const included = [...new Set(project.includes.flatMap((i) => i.files))];
  if (included.length)
    notes.push({
      key: 'include',
      message: `top-level \`include\` inlined: the services, networks, volumes, secrets and configs of ${included.map((f) => path.relative(project.projectDir, f)).join(', ')} are written into this file`,
    });
  const text =
    `# Generated by mender-swarm export from ${project.stackFiles.join(', ')}: extends, .env and\n` +
    `# interpolation resolved. Deploy with: docker stack deploy -c <this file> ${project.name}\n` +
    `# It holds the values of .env and the environment (passwords included): keep it private, do not commit it.\n` +
    stringify(escapeDollars(doc), { lineWidth: 0, nullStr: '' });
  return { text, notes };
}

function note(notes: ExportNote[], service: string, key: string, to: string): void {
  notes.push({ service, key, message: `\`${key}\` written as ${to}` });
}

/** Values are already interpolated; `docker stack deploy` interpolates again, so a literal `$` must become `$$`. */
function escapeDollars(v: unknown): unknown {
  if (typeof v === 'string') {
    const e = v.replace(/\$/g, '$$$$');
    // "9000:9000" and the like: quoted, so no YAML 1.1 reader takes them for base-60 numbers.
    if (/^[0-9][0-9:._/-]*$/.test(e)) {
      const s = new Scalar(e);
      s.type = Scalar.QUOTE_DOUBLE;
      return s;
    }
    return e;
  }
  if (Array.isArray(v)) return v.map(escapeDollars);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeDollars(x)]));
  return v;
}
