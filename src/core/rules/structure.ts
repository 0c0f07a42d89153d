import { MAX_MESSAGE, type Finding } from '../diagnostic';
import type { YNode } from '../model/node';
import { mayShareNodes, type Span } from '../model/source';
import { castTypeOf, validateCompose, type SchemaError } from '../schema/validateCompose';
import type { Rule } from './rule';
import { buildTree, locate, toWritten, type ErrorItem, type Located } from './schemaErrors';
import { castsTo, describe, label, nearest, q, TOP_NOUN, TYPE_WORDS, typeList, typesOf, where } from './schemaWording';

export { nearest };

/**
 * Wrong types and unknown keys, against the compose-spec schema (prepared at build time by scripts/gen-schema.mjs,
 * checked by schema/schemaChecks.ts). Each file is validated on its own, as compose does, on the interpolated values
 * but in the form the user wrote (lists stay lists), and every error of a file is reported in one pass.
 */
export const structureRule: Rule = {
  id: 'structure',
  codes: [
    { code: 'schema', severity: 'error', summary: 'A value has a type or form compose refuses (compose-spec schema).' },
    { code: 'unknown-key', severity: 'error', summary: 'A key compose does not know: a typo, or a key of an old file format.' },
  ],
  check({ project, report }) {
    for (const doc of project.documents) {
      if (!doc.root) continue;
      const errors = validateCompose(toWritten(doc.root, mayShareNodes(doc.file) ? new Map() : undefined));
      if (!errors.length) continue;
      new ErrorReporter(doc.root, report).reportAll(buildTree(errors));
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// What this rule leaves to others, and old keys

/** Top-level sections whose entry names swarm-names checks (more strictly): no second finding for them here. */
const NAMES_CHECKED_ELSEWHERE = new Set(['services', 'networks', 'secrets', 'configs']);
/**
 * Service keys compose-spec refuses that swarm-compat already reports at the same key, with the message
 * `docker stack deploy` gives (refused-option): one finding per place.
 */
const REPORTED_BY_SWARM_COMPAT = new Set(['volume_driver']);

/** docker-compose v1 service keys compose-spec dropped, and what replaced them. */
const LEGACY_SERVICE_KEYS: Record<string, string> = {
  net: 'a docker-compose v1 key; use "network_mode" instead',
  log_driver: 'a docker-compose v1 key; use "logging: {driver: ...}" instead',
  log_opt: 'a docker-compose v1 key; use "logging: {options: ...}" instead',
  dockerfile: 'a docker-compose v1 key; use "build: {context: ..., dockerfile: ...}" instead',
};

// ---------------------------------------------------------------------------------------------------

class ErrorReporter {
  private readonly seen = new Set<string>();

  constructor(
    private readonly root: YNode,
    private readonly report: (f: Finding) => void,
  ) {}

  private emit(span: Span, code: 'schema' | 'unknown-key', message: string, detail?: string): void {
    // One finding per place: ajv reaches a node shared by aliases through several paths.
    const key = `${span.file.path}:${span.start}:${span.end}:${code}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // Quoted values make some messages long: what follows the first colon (the allowed forms) goes to the detail.
    const colon = message.indexOf(': ');
    if (message.length > MAX_MESSAGE && colon > 0) {
      const rest = message.slice(colon + 2);
      detail = [rest.charAt(0).toUpperCase() + rest.slice(1), detail].filter(Boolean).join(' ');
      message = `${message.slice(0, colon)}.`;
    }
    this.report({ span, code, severity: 'error', message, ...(detail ? { detail } : {}) });
  }

  reportAll(items: readonly ErrorItem[]): void {
    for (const item of items) {
      if (item.children) this.group(item, item.children);
      else this.leaf(item);
    }
  }

  /** Type and value findings point at the value itself; an empty value (`web:`) has no text, so its key. */
  private valueSpan(at: Located): Span {
    const s = at.node.span;
    return s.start === s.end && at.exact && at.pair ? at.pair.keySpan : s;
  }

  /** A failed oneOf: report the branch that fits the value's type, else say what is accepted. */
  private group(item: ErrorItem, children: readonly ErrorItem[]): void {
    const at = locate(this.root, item.segs);
    if (item.err.params.passingSchemas) {
      // oneOf failed because several forms match (not seen with today's spec)
      this.emit(at.node.span, 'schema', `${label(item.segs)} matches more than one form compose accepts; it is ambiguous.`);
      return;
    }
    // Branches whose type does not match the value fail with a lone `type` error at the group's own place.
    const mismatch: SchemaError[] = [];
    const rest: ErrorItem[] = [];
    for (const c of children) {
      if (!c.children && c.err.keyword === 'type' && c.segs.length === item.segs.length) mismatch.push(c.err);
      else rest.push(c);
    }
    const accepted = mismatch.flatMap(typesOf);
    if (at.exact && castsTo(at.node, accepted)) return; // an interpolated value compose casts into a branch
    if (rest.length) {
      this.reportAll(rest);
      return;
    }
    const data = item.err.data;
    const hint = item.err.parentSchema?.['x-hint'];
    if (typeof hint === 'string') {
      this.emit(this.valueSpan(at), 'schema', `${label(item.segs)} must be ${hint}.`);
    } else if (accepted.length) {
      this.emit(this.valueSpan(at), 'schema', `${label(item.segs)} must be ${typeList(accepted)}, not ${describe(data, at.node)}.`);
    } else {
      this.emit(this.valueSpan(at), 'schema', `${label(item.segs)} does not have a form compose accepts.`);
    }
  }

  private leaf(item: ErrorItem): void {
    const { err, segs } = item;
    const at = locate(this.root, segs);
    const lbl = label(segs);
    const data = err.data;
    switch (err.keyword) {
      case 'additionalProperties': {
        const key = String(err.params.additionalProperty);
        const map = at.node.kind === 'map' ? at.node : undefined;
        const pair = map?.index.get(key);
        const span = pair?.keySpan ?? at.node.span;
        const props = Object.keys(err.parentSchema?.properties ?? {});
        if (!props.length) {
          // Only name patterns here (services:, volumes:, ...): the key is a name with characters compose refuses.
          if (segs.length === 1 && NAMES_CHECKED_ELSEWHERE.has(segs[0])) return;
          const noun = (segs.length === 1 && TOP_NOUN[segs[0]]) || 'name';
          this.emit(span, 'schema', `${q(key)} is not a valid ${noun} name.`, 'Use only letters, digits, ".", "_" and "-".');
          return;
        }
        const inService = segs.length === 2 && segs[0] === 'services';
        if (inService && REPORTED_BY_SWARM_COMPAT.has(key)) return;
        const legacy = inService ? LEGACY_SERVICE_KEYS[key] : undefined;
        const guess = legacy ? undefined : nearest(key, props);
        if (guess) this.emit(span, 'unknown-key', `Unknown key ${q(key)} ${where(segs)}: did you mean ${q(guess)}?`);
        else
          this.emit(
            span,
            'unknown-key',
            `Unknown key ${q(key)} ${where(segs)}.`,
            legacy ? `It is ${legacy}.` : `Compose refuses it. Remove it, or name it "x-${key.replace(/^x-/, '')}" to keep it as an extension.`,
          );
        return;
      }
      case 'type': {
        const types = typesOf(err);
        if (at.exact && castsTo(at.node, types)) return;
        // `[integer, string]` fields take strings only so `${VAR}` can stand there: say what compose casts to.
        const cast = castTypeOf(err.parentSchema?.pattern);
        this.emit(this.valueSpan(at), 'schema', `${lbl} must be ${cast ? TYPE_WORDS[cast] : typeList(types)}, not ${describe(data, at.node)}.`);
        return;
      }
      case 'pattern': {
        const cast = castTypeOf(err.params.pattern);
        if (cast) this.emit(this.valueSpan(at), 'schema', `${lbl} must be ${TYPE_WORDS[cast]}, not ${describe(data, at.node)}.`);
        else
          this.emit(
            this.valueSpan(at),
            'schema',
            `${lbl} has an invalid value ${typeof data === 'string' ? q(data) : describe(data, at.node)}.`,
            `It must match ${String(err.params.pattern)}.`,
          );
        return;
      }
      case 'enum': {
        const allowed = Array.isArray(err.params.allowedValues) ? err.params.allowedValues.map(String) : [];
        const guess = typeof data === 'string' ? nearest(data, allowed) : undefined;
        const list = allowed.map((a) => q(a)).join(', ');
        if (guess) this.emit(this.valueSpan(at), 'schema', `${lbl} is ${describe(data, at.node)}: did you mean ${q(guess)}?`, `It must be one of ${list}.`);
        else this.emit(this.valueSpan(at), 'schema', `${lbl} must be one of ${list}, not ${describe(data, at.node)}.`);
        return;
      }
      case 'required': {
        const missing = String(err.params.missingProperty);
        // The key that holds the mapping is shorter to underline than the whole mapping.
        const span = at.exact && at.pair ? at.pair.keySpan : at.node.span;
        this.emit(span, 'schema', `${lbl} is missing the required key ${q(missing)}.`);
        return;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const cmp = String(err.params.comparison);
        this.emit(this.valueSpan(at), 'schema', `${lbl} must be ${cmp} ${String(err.params.limit)}, not ${describe(data, at.node)}.`);
        return;
      }
      case 'uniqueItems': {
        const i = Number(err.params.i),
          j = Number(err.params.j);
        const dupAt = locate(this.root, [...segs, String(Math.max(i, j))]);
        const item = dupAt.exact && dupAt.node.kind === 'scalar' ? ` ${q(String(dupAt.node.value))}` : '';
        this.emit(dupAt.node.span, 'schema', `${lbl} lists the same item${item} twice.`, 'Compose refuses duplicates: remove one.');
        return;
      }
      default:
        this.emit(this.valueSpan(at), 'schema', `${lbl} is not valid here (${err.keyword}).`);
    }
  }
}
