import type { YNode } from './node';
import type { Span } from './source';

export class AliasBudgetExceeded extends Error {
  constructor(readonly at: Span) {
    super('alias budget exceeded');
  }
}

/** Structures nested deeper than the limit (with aliases expanded): refused, so no walk over the tree can overflow the stack. */
export class NestingLimitExceeded extends Error {
  constructor(
    readonly at: Span,
    readonly limit: number,
  ) {
    super('nesting limit exceeded');
  }
}

/** How deep compose structures may nest, aliases expanded; real files stay under 15. */
export const MAX_DEPTH = 200;

/**
 * Counts the nodes aliases expand to, so an alias bomb (a few lines that expand to billions of nodes) is
 * refused at once. Sizes are memoised on the shared converted nodes, so counting stays linear in the file.
 */
export class AliasBudget {
  private readonly sizes = new Map<YNode, number>();
  private readonly heights = new Map<YNode, number>();
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

  /** Levels below `n` (1 for a scalar); nodes were checked when converted, so this recursion is bounded. */
  height(n: YNode): number {
    const known = this.heights.get(n);
    if (known !== undefined) return known;
    let h = 0;
    if (n.kind === 'map') for (const p of n.pairs) h = Math.max(h, this.height(p.value));
    else if (n.kind === 'seq') for (const i of n.items) h = Math.max(h, this.height(i));
    this.heights.set(n, h + 1);
    return h + 1;
  }

  /** A node at `depth` (0: the root): throws NestingLimitExceeded past MAX_DEPTH. */
  depth(depth: number, at: Span): void {
    if (depth > MAX_DEPTH) throw new NestingLimitExceeded(at, MAX_DEPTH);
  }

  /** An alias at `depth` brings `n`'s levels with it. */
  aliasDepth(n: YNode, depth: number, at: Span): void {
    this.depth(depth + this.height(n) - 1, at);
  }

  /** An alias at `at` expands `n` once more; throws AliasBudgetExceeded past the limit. */
  charge(n: YNode, at: Span): void {
    this.expanded += this.size(n);
    if (this.expanded > this.max) throw new AliasBudgetExceeded(at);
  }
}
