import type { YNode } from './node';
import type { Span } from './source';

export class AliasBudgetExceeded extends Error {
  constructor(readonly at: Span) { super('alias budget exceeded'); }
}

/**
 * Counts the nodes aliases expand to, so an alias bomb (a few lines that expand to billions of nodes) is
 * refused at once. Sizes are memoised on the shared converted nodes, so counting stays linear in the file.
 */
export class AliasBudget {
  private readonly sizes = new Map<YNode, number>();
  private expanded = 0;
  constructor(private readonly max: number) {}

  private size(n: YNode): number {
    const known = this.sizes.get(n);
    if (known !== undefined) return known;
    let s = 1;
    if (n.kind === 'map') for (const p of n.pairs) s += this.size(p.value);
    else if (n.kind === 'seq') for (const i of n.items) s += this.size(i);
    this.sizes.set(n, s);
    return s;
  }

  /** An alias at `at` expands `n` once more; throws AliasBudgetExceeded past the limit. */
  charge(n: YNode, at: Span): void {
    this.expanded += this.size(n);
    if (this.expanded > this.max) throw new AliasBudgetExceeded(at);
  }
}
