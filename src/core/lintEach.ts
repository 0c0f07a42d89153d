import type { Diagnostic } from './diagnostic';

/** What linting one stack gave: its result, or the one `internal-error` that says it failed and the error itself (for a log). */
export type StackOutcome<T> = { files: string[]; ok: true; value: T } | { files: string[]; ok: false; diagnostic: Diagnostic; error: unknown };

/**
 * Lints each stack on its own: one that throws becomes one `internal-error` on its first file (the message only,
 * never the stack trace, which belongs in a log) and the others still get their diagnostics.
 */
export function lintEach<T>(stacks: Iterable<string[]>, lint: (files: string[]) => T): StackOutcome<T>[] {
  const out: StackOutcome<T>[] = [];
  for (const files of stacks) {
    try {
      out.push({ files, ok: true, value: lint(files) });
    } catch (e) {
      out.push({ files, ok: false, diagnostic: stackFailed(files, e), error: e });
    }
  }
  return out;
}

/** The diagnostic of a stack whose validation threw. */
export function stackFailed(files: readonly string[], e: unknown): Diagnostic {
  return {
    file: files[0],
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code: 'internal-error',
    message: `Validating this stack failed: ${firstLine(e)}. Please report this with the manifest (details in the Mender Swarm output).`,
  };
}

/** An error's first line; anything else thrown as text, even a value `String()` cannot convert. */
function firstLine(e: unknown): string {
  try {
    return e instanceof Error ? e.message.split('\n')[0] : String(e);
  } catch {
    return 'an unprintable value was thrown';
  }
}
