/**
 * A JSON-schema validator for the keywords the compose-spec schema uses, built from the schema as data: each schema
 * node becomes one small check function the first time a document reaches it. It replaces ajv's generated code
 * (~220 KB of the CLI's bundle, half of what every lint read, compiled or loaded from the code cache) and gives the
 * same errors as ajv 8 with `allErrors` and `verbose`, in the same order: test/unit/core/schema/schemaChecks.test.ts
 * compares the two on every fixture and on thousands of damaged documents.
 *
 * Each check first runs without collecting (no error objects, no paths, stopping at the first failure): a valid
 * document, and every `oneOf` branch that does not decide the outcome, allocates nothing. Only a failing document
 * is walked again to collect its errors.
 */
import {
  all,
  ALWAYS,
  alwaysValid,
  ANY_TYPE,
  GROUP_ORDER,
  groupUsed,
  GROUPS,
  hasType,
  isGroup,
  isRule,
  onlyRef,
  PASSED,
  seg,
  SUPPORTED,
  type Check,
  type ErrorOf,
  type Schema,
} from './checkBasics';
import { enumCheck, limitCheck, patternCheck, requiredCheck, uniqueItemsCheck } from './keywordChecks';
import type { SchemaError, SchemaNode } from './validateCompose';

/** A schema and its definitions, each asked for when a `$ref` to it is first compiled. */
export interface SchemaSource {
  root: SchemaNode;
  definition(name: string): Schema | undefined;
  definitionNames(): string[];
}

/** A plain schema object, its definitions under `definitions`. */
export function sourceOf(schema: SchemaNode): SchemaSource {
  const defs = (schema.definitions ?? {}) as Record<string, Schema>;
  return {
    root: schema,
    definition: (name) => (Object.hasOwn(defs, name) ? defs[name] : undefined),
    definitionNames: () => Object.keys(defs),
  };
}

export class SchemaChecks {
  private readonly defs = new Map<string, Check>();
  private readonly patterns = new Map<string, RegExp>();
  private readonly root: SchemaNode;
  private rootCheck: Check | undefined;
  private names: Set<string> | undefined;

  /** `eager`: compile every part of the schema at once (tests); otherwise each part when a document first reaches it. */
  constructor(
    private readonly source: SchemaSource,
    private readonly eager = false,
  ) {
    this.root = source.root;
  }

  /** Every error of `data` against the schema, as ajv (allErrors, verbose) lists them; none for a valid document. */
  validate(data: unknown): SchemaError[] {
    const check = (this.rootCheck ??= this.compile(this.root, '#'));
    if (check(data, '', null)) return [];
    const out: SchemaError[] = [];
    check(data, '', out);
    return out;
  }

  /** Compiles the root and every definition now: a keyword the checks do not know fails here (tests), not in a lint. */
  compileAll(): void {
    this.rootCheck ??= this.compile(this.root, '#');
    for (const name of this.source.definitionNames()) this.definition(name);
  }

  /**
   * The check of a sub-schema at `base`/`key` in the schema. Callers keep it in a slot filled the first time a
   * document reaches that part (`slots[i] ??= this.part(...)`): a service has ~80 keys and a file uses a dozen, and a
   * lint in a fresh process pays for every check it builds, even for the schema path, made only here.
   */
  private part(schema: Schema, base: string, key?: string | number): Check {
    if (alwaysValid(schema)) return ALWAYS;
    const at = key === undefined ? base : `${base}/${typeof key === 'number' ? key : seg(key)}`;
    // A bare `$ref` (most keys of a definition, as gen-schema writes them) is the definition's check itself.
    if (typeof schema === 'object' && typeof schema.$ref === 'string' && onlyRef(schema)) return this.definition(this.refName(schema.$ref, at));
    return this.compile(schema, at);
  }

  private definition(name: string): Check {
    let c = this.defs.get(name);
    if (!c) {
      const def = this.source.definition(name);
      if (def === undefined) throw new Error(`compose schema: no definition "${name}"`);
      // A stand-in first: a definition may refer to itself while it compiles.
      this.defs.set(name, (d, p, o) => this.defs.get(name)!(d, p, o));
      c = this.compile(def, `#/definitions/${seg(name)}`);
      this.defs.set(name, c);
    }
    return c;
  }

  private regExp(source: string): RegExp {
    let re = this.patterns.get(source);
    if (!re) this.patterns.set(source, (re = new RegExp(source, 'u')));
    return re;
  }

  /** The definition a `$ref` names (only `#/definitions/<name>`: the compose schema's form). */
  private refName(ref: string, at: string): string {
    const m = /^#\/definitions\/([^/]+)$/.exec(ref);
    if (!m) throw new Error(`compose schema: unsupported $ref ${ref} at ${at}`);
    const name = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
    this.names ??= new Set(this.source.definitionNames());
    if (!this.names.has(name)) throw new Error(`compose schema: $ref ${ref} at ${at} names no definition`);
    return name;
  }

  private compile(schema: Schema, at: string): Check {
    if (schema === true) return ALWAYS;
    if (schema === false) {
      return (data, path, out) => {
        out?.push({ instancePath: path, schemaPath: at, keyword: 'false schema', params: {}, schema: false, parentSchema: false as never, data });
        return false;
      };
    }
    const node = schema;
    let rules = false;
    for (const k in node) {
      if (!isRule(k)) continue;
      if (!SUPPORTED.has(k)) throw new Error(`compose schema: keyword "${k}" at ${at} is not supported`);
      rules = true;
    }
    if (!rules) return ALWAYS;

    // (Indexed loops and no array helpers: a fresh process compiles these parts as its files reach them, unoptimized.)
    const steps: Check[] = [];
    const t = node.type;
    const types: readonly string[] = t === undefined ? [] : typeof t === 'string' ? [t] : t;
    // One type whose group has keywords here: ajv reports a wrong type in that group's place (after the keywords for
    // any type); otherwise it reports it before everything else.
    const lateType = types.length === 1 && isGroup(types[0]) && groupUsed(types[0], node) ? types[0] : undefined;
    const typeError = (data: unknown, path: string, out: SchemaError[]): void => {
      out.push({ instancePath: path, schemaPath: `${at}/type`, keyword: 'type', params: { type: t }, schema: t, parentSchema: node, data });
    };
    if (types.length && !lateType) {
      steps.push((data, path, out) => {
        for (let i = 0; i < types.length; i++) if (hasType(types[i], data)) return true;
        if (out) typeError(data, path, out);
        return false;
      });
    }
    for (let i = 0; i < ANY_TYPE.length; i++) if (node[ANY_TYPE[i]] !== undefined) steps.push(this.keyword(ANY_TYPE[i], node, at));
    for (let gi = 0; gi < GROUP_ORDER.length; gi++) {
      const g = GROUP_ORDER[gi];
      const kws = GROUPS[g];
      if (!groupUsed(g, node)) continue;
      const inner: Check[] = [];
      for (let i = 0; i < kws.length; i++) if (node[kws[i]] !== undefined) inner.push(this.keyword(kws[i], node, at));
      const late = lateType === g;
      steps.push((data, path, out) => {
        if (!hasType(g, data)) {
          if (!late) return true;
          if (out) typeError(data, path, out);
          return false;
        }
        return inner.length === 1 ? inner[0](data, path, out) : all(inner, data, path, out);
      });
    }
    return steps.length === 1 ? steps[0] : (data, path, out) => all(steps, data, path, out);
  }

  private keyword(k: string, node: SchemaNode, at: string): Check {
    const sp = `${at}/${k}`;
    const err: ErrorOf = (path, params, data) => ({
      instancePath: path,
      schemaPath: sp,
      keyword: k,
      params,
      schema: node[k],
      parentSchema: node,
      data,
    });
    switch (k) {
      case '$ref': {
        const ref = String(node.$ref);
        let c = this.eager ? this.part({ $ref: ref }, sp) : undefined;
        return (data, path, out) => (c ??= this.part({ $ref: ref }, sp))(data, path, out);
      }
      case 'enum':
        return enumCheck(node.enum as unknown[], err);
      case 'oneOf':
        return this.oneOf(node, sp, err);
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        return limitCheck(k, node[k] as number, err);
      case 'pattern':
        return patternCheck(String(node.pattern), this.regExp(String(node.pattern)), err);
      case 'uniqueItems':
        return uniqueItemsCheck(node, err);
      case 'items': {
        if (Array.isArray(node.items)) throw new Error(`compose schema: tuple "items" at ${sp} is not supported`);
        const schema = node.items as Schema;
        if (alwaysValid(schema)) return ALWAYS;
        let item = this.eager ? this.part(schema, sp) : undefined;
        return (data, path, out) => {
          const a = data as unknown[];
          let ok = true;
          for (let i = 0; i < a.length; i++) {
            if ((item ??= this.part(schema, sp))(a[i], out ? `${path}/${i}` : path, out)) continue;
            if (!out) return false;
            ok = false;
          }
          return ok;
        };
      }
      case 'required':
        return requiredCheck(node.required as string[], err);
      case 'additionalProperties':
        return this.additionalProperties(node, sp, err);
      case 'properties': {
        const props = node.properties ?? {};
        const names = Object.keys(props).filter((n) => n !== '__proto__');
        const checks: (Check | undefined)[] = names.map((n) => (this.eager ? this.part(props[n], sp, n) : undefined));
        return (data, path, out) => {
          const o = data as Record<string, unknown>;
          let ok = true;
          for (let i = 0; i < names.length; i++) {
            const v = o[names[i]];
            if (v === undefined) continue;
            const c = (checks[i] ??= this.part(props[names[i]], sp, names[i]));
            if (c(v, out ? `${path}/${seg(names[i])}` : path, out)) continue;
            if (!out) return false;
            ok = false;
          }
          return ok;
        };
      }
      case 'patternProperties': {
        const pats = node.patternProperties ?? {};
        const sources = Object.keys(pats).filter((p) => p !== '__proto__' && !alwaysValid(pats[p]));
        const res = sources.map((p) => this.regExp(p));
        const checks: (Check | undefined)[] = sources.map((p) => (this.eager ? this.part(pats[p], sp, p) : undefined));
        return (data, path, out) => {
          const o = data as Record<string, unknown>;
          let ok = true;
          // Pattern by pattern, each over every key: ajv's order.
          for (let i = 0; i < res.length; i++) {
            for (const key in o) {
              if (!res[i].test(key)) continue;
              const c = (checks[i] ??= this.part(pats[sources[i]], sp, sources[i]));
              if (c(o[key], out ? `${path}/${seg(key)}` : path, out)) continue;
              if (!out) return false;
              ok = false;
            }
          }
          return ok;
        };
      }
    }
    throw new Error(`compose schema: keyword "${k}" at ${sp} is not supported`);
  }

  private oneOf(node: SchemaNode, sp: string, err: ErrorOf): Check {
    if (!Array.isArray(node.oneOf)) throw new Error(`compose schema: oneOf at ${sp} is not a list`);
    const schemas = node.oneOf as Schema[];
    const branches: (Check | undefined)[] = schemas.map((b, i) => (this.eager ? this.part(b, sp, i) : undefined));
    // ajv's bookkeeping, kept exactly: a second passing branch fails the keyword and names both; a third passes again.
    /** PASSED, or what ajv's error names as the passing branches (null: none; [a, b]: two). */
    const outcome = (data: unknown, path: string, out: SchemaError[] | null): unknown => {
      let valid = false;
      let passing: unknown = null;
      for (let i = 0; i < branches.length; i++) {
        const ok = (branches[i] ??= this.part(schemas[i], sp, i))(data, path, out);
        if (i > 0 && ok && valid) {
          valid = false;
          passing = [passing, i];
        } else if (ok) {
          valid = true;
          passing = i;
        }
      }
      return valid ? PASSED : passing;
    };
    return (data, path, out) => {
      // Decided without errors first: when the keyword passes, the failing branches' errors would be dropped anyway.
      const passing = outcome(data, path, null);
      if (passing === PASSED) return true;
      if (out) {
        outcome(data, path, out);
        out.push(err(path, { passingSchemas: passing }, data));
      }
      return false;
    };
  }

  private additionalProperties(node: SchemaNode, sp: string, err: ErrorOf): Check {
    const extra = node.additionalProperties as Schema;
    if (extra === true) return ALWAYS;
    const known = new Set(Object.keys(node.properties ?? {}).filter((p) => p !== '__proto__'));
    const pats = Object.keys(node.patternProperties ?? {})
      .filter((p) => p !== '__proto__')
      .map((p) => this.regExp(p));
    const isExtra = (key: string): boolean => {
      if (known.has(key)) return false;
      for (let i = 0; i < pats.length; i++) if (pats[i].test(key)) return false;
      return true;
    };
    if (extra === false) {
      return (data, path, out) => {
        const o = data as Record<string, unknown>;
        let ok = true;
        for (const key in o) {
          if (!isExtra(key)) continue;
          if (!out) return false;
          out.push(err(path, { additionalProperty: key }, data));
          ok = false;
        }
        return ok;
      };
    }
    if (alwaysValid(extra)) return ALWAYS;
    let c = this.eager ? this.part(extra, sp) : undefined;
    return (data, path, out) => {
      const o = data as Record<string, unknown>;
      let ok = true;
      for (const key in o) {
        if (!isExtra(key) || (c ??= this.part(extra, sp))(o[key], out ? `${path}/${seg(key)}` : path, out)) continue;
        if (!out) return false;
        ok = false;
      }
      return ok;
    };
  }
}
