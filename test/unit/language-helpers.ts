import * as path from 'path';
import { overlayReader } from '../../src/core/manifest/files';
import { loadProject, Project } from '../../src/core/manifest/project';
import { ROOT } from './helpers';

/** The stack of test/host/fixtures/ws/language: a base, its override and an included file. */
export const LANG_DIR = path.join(ROOT, 'test/host/fixtures/ws/language');
export const BASE = path.join(LANG_DIR, 'docker-compose.yml');
export const OVERRIDE = path.join(LANG_DIR, 'docker-compose.override.yml');

export function langProject(texts: Record<string, string> = {}): Project {
  return loadProject({ files: [BASE, OVERRIDE], reader: overlayReader(new Map(Object.entries(texts))) });
}

/** Offset of the `nth` occurrence of `needle` in `text`, plus `delta`. */
export function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" (#${nth}) not in the text`);
  }
  return i + delta;
}
