// What the topology view shows while the stack is being typed: a file that does not parse for a moment must not
// blank the picture, so the last good one stays, under a banner that says what is wrong and where.
import type { Diagnostic } from '../diagnostic';
import { loaderCode } from '../manifest/loaderCodes';
import type { Project } from '../manifest/project';
import * as path from 'path';
import { buildTopology, Topology } from './model';

export interface TopologyView {
  topology: Topology;
  /** Set when the picture is not the stack as it is now: why, and where. */
  banner?: string;
}

/** Findings that mean the text was not read as the stack (as opposed to a stack with mistakes in it). */
const unreadable = (code: string): boolean => !!loaderCode(code)?.unread || code === 'internal-error';

export class TopologyKeeper {
  private last: Topology | undefined;

  /** The picture for the stack as just linted: its own, or the last good one with a banner when it did not read. */
  next(project: Project, diagnostics: readonly Diagnostic[]): TopologyView {
    const bad =
      diagnostics.find((d) => unreadable(d.code) && d.severity === 'error') ??
      (project.documents.find((d) => d.unreadable) && {
        file: project.documents.find((d) => d.unreadable)!.file.path,
        range: { start: { line: 0, character: 0 } },
        message: project.documents.find((d) => d.unreadable)!.unreadable!,
      });
    if (!bad) {
      this.last = buildTopology(project, diagnostics);
      return { topology: this.last };
    }
    const where = `${path.basename(bad.file)}:${bad.range.start.line + 1}`;
    if (this.last) return { topology: this.last, banner: `${where}: ${bad.message} Showing the last picture that could be read.` };
    // Nothing good yet: what can be read of it, rather than nothing.
    return { topology: buildTopology(project, diagnostics), banner: `${where}: ${bad.message} The picture may be incomplete until it is fixed.` };
  }
}
