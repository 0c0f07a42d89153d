import * as path from 'path';
import { asRecord } from './convert/values';

/**
 * Relative paths in an exported stack are written relative to where the file is written, so it deploys from
 * there: `file:` of secrets and configs, env_file, bind-mount sources and build contexts. Compose resolves them
 * against the folder of the file, which for the source was `projectDir`.
 */
export class PathRebaser {
  constructor(
    private readonly projectDir: string,
    private readonly outDir: string,
  ) {}

  path(p: string): string {
    if (p.startsWith('~') || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return p;
    // An absolute path inside the project (an included file's relative path, which the manifest layer resolved from
    // that file's folder) is written relative too, so the exported folder can move; others stay as written.
    if (path.isAbsolute(p)) {
      const inProject = path.relative(this.projectDir, p);
      if (inProject.startsWith('..') || path.isAbsolute(inProject)) return p;
    } else if (path.resolve(this.outDir) === path.resolve(this.projectDir)) return p; // written next to the source: as written
    const r = path.relative(this.outDir, path.resolve(this.projectDir, p)).split(path.sep).join('/');
    if (!r) return '.';
    return r.startsWith('../') || r === '..' ? r : `./${r}`;
  }

  /** A service's plain values, with its paths rebased. */
  service(svc: Record<string, unknown>): void {
    const ef = svc.env_file;
    if (typeof ef === 'string') svc.env_file = this.path(ef);
    else if (Array.isArray(ef))
      svc.env_file = ef.map((e: unknown) =>
        typeof e === 'string' ? this.path(e) : typeof asRecord(e).path === 'string' ? { ...asRecord(e), path: this.path(asRecord(e).path as string) } : e,
      );
    if (Array.isArray(svc.volumes)) svc.volumes = svc.volumes.map((v) => this.volume(v));
    if (typeof svc.build === 'string') svc.build = this.path(svc.build);
    else if (typeof asRecord(svc.build).context === 'string') svc.build = { ...asRecord(svc.build), context: this.path(asRecord(svc.build).context as string) };
  }

  /** Top-level secrets or configs: their `file:`. */
  objects(objs: unknown): void {
    for (const def of Object.values(asRecord(objs))) {
      const d = asRecord(def);
      if (typeof d.file === 'string') d.file = this.path(d.file);
    }
  }

  private volume(v: unknown): unknown {
    if (typeof v === 'string') {
      const i = v.indexOf(':');
      const src = i < 0 ? '' : v.slice(0, i);
      return src.startsWith('.') || path.isAbsolute(src) ? this.path(src) + v.slice(i) : v;
    }
    const r = asRecord(v);
    return r.type === 'bind' && typeof r.source === 'string' ? { ...r, source: this.path(r.source) } : v;
  }
}
