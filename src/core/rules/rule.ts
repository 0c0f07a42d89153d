import type { Finding, Severity } from '../diagnostic';
import type { Project } from '../manifest/project';

/** One diagnostic code a rule can emit: stable, documented, and configurable on its own. */
export interface CodeInfo {
  code: string;
  severity: Severity;
  /** One line: what it finds. Shown in SARIF and the README's table. */
  summary: string;
  /**
   * A file of the stack was read only in part (not YAML, an alias bomb, nesting too deep): the checks wait until it
   * reads whole, since on what the parser recovered they report what is only unread (a mapping "empty", a key "unknown").
   */
  partialRead?: true;
}

export interface RuleContext {
  project: Project;
  report: (f: Finding) => void;
}

/** A check over the shared stack model. Rules never throw for bad input; they report it. */
export interface Rule {
  /** Group id, usable in settings to switch every code of the rule at once. */
  id: string;
  codes: CodeInfo[];
  check(ctx: RuleContext): void;
}
