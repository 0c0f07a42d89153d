import type { Finding, Severity } from '../diagnostic';
import type { Project } from '../manifest/project';

/** One diagnostic code a rule can emit: stable, documented, and configurable on its own. */
export interface CodeInfo {
  code: string;
  severity: Severity;
  /** One line: what it finds. Shown in SARIF and the README's table. */
  summary: string;
  /**
   * The finding means a file was not read as written. `in-part`: only partly (not YAML, an alias bomb, nesting too
   * deep), and every check waits until it reads whole, since on what the parser recovered they report what is only
   * unread (a mapping "empty", a key "unknown"). `whole`: not at all (missing, too large, refused), and the checks
   * across services wait (src/core/stack/partial.ts), since what it defines is unknown.
   */
  unread?: 'in-part' | 'whole';
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
