import * as fs from 'fs';
import * as path from 'path';
import { redactIssues } from '../lint';
import { loadStack, type LoadedStack, type LoadStackOptions } from '../deploy/stack';
import { exportKubernetes, type KubeExport, type KubeOptions } from './index';
import { renderKubernetes, type RenderedFile } from './render';
import { validateExport, type KubeInvalid } from './validate';

/**
 * The Kubernetes export end to end, for the CLI and the editor alike: export, render, validate every object, and
 * write only when all are valid. The editor loads this module (dist/kubernetes.js) only when it exports: the
 * schema validators are too big for the extension's bundle.
 */
export interface KubeRun {
  exp: KubeExport;
  rendered: RenderedFile[];
  invalid: KubeInvalid[];
  written: string[];
}

/** Written files are owner-only: Secrets and ConfigMaps hold the stack's secret values, the env its passwords. */
export const KUBE_FILE_MODE = 0o600;

export function exportLoaded(loaded: LoadedStack, opts: KubeOptions & { outDir?: string } = {}): KubeRun {
  const exp = exportKubernetes(loaded, opts);
  // Messages quote values as the files wrote them, never what .env or the environment gave them.
  exp.issues = redactIssues(loaded.project, exp.issues);
  const rendered = renderKubernetes(exp, loaded.project.stackFiles, loaded.project.projectDir);
  const invalid = validateExport(exp);
  const written: string[] = [];
  if (opts.outDir && !invalid.length) {
    fs.mkdirSync(opts.outDir, { recursive: true });
    for (const f of rendered) {
      const p = path.join(opts.outDir, f.name);
      fs.writeFileSync(p, f.text, { mode: KUBE_FILE_MODE });
      fs.chmodSync(p, KUBE_FILE_MODE);
      written.push(p);
    }
  }
  return { exp, rendered, invalid, written };
}

/** The core's loader, for callers of this bundle (the benchmark) that time loading apart. */
export { loadStack };

/** From the stack's files, loaded as deploy loads them (core/deploy/stack). */
export function exportFiles(files: string[], load: LoadStackOptions, opts: KubeOptions & { outDir?: string } = {}): KubeRun {
  return exportLoaded(loadStack(files, load), opts);
}
