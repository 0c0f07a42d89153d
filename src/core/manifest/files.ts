import * as fs from 'fs';

/** How the core reads files: the editor overlays unsaved buffers on the disk, the CLI reads the disk. */
export interface FileReader {
  /** The text, or an error message (missing, unreadable, a directory...). */
  read(path: string): { text: string } | { error: string };
}

export const diskReader: FileReader = {
  read(path) {
    try {
      return { text: fs.readFileSync(path, 'utf8') };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied'
        : err.code === 'EISDIR' ? 'is a directory' : err.message;
      return { error: `${path}: ${why}` };
    }
  },
};

/** Overlay of in-memory texts (open editors) over another reader. */
export function overlayReader(texts: ReadonlyMap<string, string>, base: FileReader = diskReader): FileReader {
  return { read: (p) => (texts.has(p) ? { text: texts.get(p)! } : base.read(p)) };
}
