import * as path from 'path';
import { LABEL_NAMESPACE, Mount } from '../engine';
import { parseBytes } from '../units';
import type { ServiceContext } from './context';
import { asRecord, externalName, plainText, strMap, strOf } from './values';

/** `volumes:` (short and long syntax) and `tmpfs:` as mounts (docker/cli convertVolumeToMount). */
export function mounts(ctx: ServiceContext): Mount[] {
  const out: Mount[] = [];
  const vols = Array.isArray(ctx.raw.volumes) ? ctx.raw.volumes : [];
  for (const v of vols) {
    if (typeof v === 'string') {
      const parts = v.split(':');
      let src = '';
      let target = parts[0];
      let mode = '';
      if (parts.length >= 2) {
        src = parts[0];
        target = parts[1];
        mode = parts[2] ?? '';
      }
      const m: Mount = { Target: target };
      const isPath = src.startsWith('/') || src.startsWith('.') || src.startsWith('~');
      if (!src) m.Type = 'volume';
      else if (isPath) {
        m.Type = 'bind';
        m.Source = hostPath(ctx, src);
      } else {
        m.Type = 'volume';
        m.Source = src;
      }
      const opts = mode.split(',').filter(Boolean);
      if (opts.includes('ro')) m.ReadOnly = true;
      if (opts.includes('nocopy')) m.VolumeOptions = { NoCopy: true };
      const prop = opts.find((o) => /^r?(shared|slave|private)$/.test(o));
      if (prop && m.Type === 'bind') m.BindOptions = { Propagation: prop };
      if (m.Type === 'bind') bindWarning(ctx, src);
      out.push(m);
    } else {
      const r = asRecord(v);
      const type = (strOf(r.type) ?? 'volume') as Mount['Type'];
      const m: Mount = { Type: type, Target: strOf(r.target) };
      const src = strOf(r.source);
      if (src) m.Source = type === 'bind' ? hostPath(ctx, src) : src;
      if (r.read_only === true) m.ReadOnly = true;
      const b = asRecord(r.bind);
      if (b.propagation !== undefined) m.BindOptions = { Propagation: plainText(b.propagation) };
      const vo = asRecord(r.volume);
      if (vo.nocopy === true) m.VolumeOptions = { NoCopy: true };
      const t = asRecord(r.tmpfs);
      if (t.size !== undefined || t.mode !== undefined)
        m.TmpfsOptions = { SizeBytes: parseBytes(t.size), Mode: typeof t.mode === 'number' ? t.mode : undefined };
      if (type === 'bind' && src) bindWarning(ctx, src);
      out.push(m);
    }
  }
  const tmpfs = ctx.raw.tmpfs === undefined ? [] : Array.isArray(ctx.raw.tmpfs) ? ctx.raw.tmpfs : [ctx.raw.tmpfs];
  for (const t of tmpfs.map(String)) {
    const [target, opt] = t.split(':');
    const m: Mount = { Type: 'tmpfs', Target: target };
    const size = /(?:^|,)size=([^,]+)/.exec(opt ?? '')?.[1];
    if (size) m.TmpfsOptions = { SizeBytes: parseBytes(size) };
    out.push(m);
  }
  return out;
}

/**
 * Named volumes get their engine name, the stack label and the driver from the top-level `volumes:`, like the
 * CLI's handleVolumeToMount.
 */
export function scopeVolumes(ctx: ServiceContext, list: Mount[], volumes: ReadonlyMap<string, Record<string, unknown>>): void {
  for (const m of list) {
    if (m.Type !== 'volume' || !m.Source) continue;
    const def = volumes.get(m.Source);
    if (!def) {
      ctx.raise({
        severity: 'error',
        code: 'deploy-undefined-volume',
        service: ctx.name,
        span: ctx.span('volumes'),
        message: `Service "${ctx.name}" mounts volume "${m.Source}", which is not declared under the top-level \`volumes:\`.`,
      });
      continue;
    }
    const ext = externalName(def, m.Source);
    // The CLI gives every named volume mount VolumeOptions, empty for an external volume.
    if (ext !== undefined) {
      m.Source = ext;
      m.VolumeOptions ??= {};
      continue;
    }
    m.Source = typeof def.name === 'string' ? def.name : `${ctx.stack}_${m.Source}`;
    m.VolumeOptions = { ...m.VolumeOptions, Labels: { ...strMap(def.labels), [LABEL_NAMESPACE]: ctx.stack } };
    if (typeof def.driver === 'string' || def.driver_opts !== undefined) {
      m.VolumeOptions.DriverConfig = { Name: strOf(def.driver), Options: strMap(def.driver_opts) };
    }
  }
}

function hostPath(ctx: ServiceContext, p: string): string {
  if (p.startsWith('~')) return path.join(process.env.HOME ?? '/', p.slice(1));
  return path.resolve(ctx.project.projectDir, p);
}

function bindWarning(ctx: ServiceContext, src: string): void {
  ctx.issue('info', 'deploy-bind-mount', 'volumes', `bind mount of "${src}": the path must exist on every node a task can be scheduled on.`);
}
