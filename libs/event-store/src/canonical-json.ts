import canonicalize from 'canonicalize';

/** A value the fast path leaves to canonicalize(): toJSON, NaN, lone surrogates, cycles, array-index keys… */
const UNUSUAL = Symbol('unusual');
/** Deeper than this, the fast path gives up (canonicalize() walks with its own stack and finds cycles). */
const MAX_DEPTH = 64;

/**
 * RFC 8785 JSON of a payload as it will be stored and hashed. canonicalize() refuses what JSON.stringify
 * quietly maps (NaN, Infinity → null); for those the JSON round trip decides, as it always has, so that
 * the stored text and the hash stay what they were for every payload that was accepted before.
 *
 * Every append serialises its payloads, so the common case takes a shortcut: RFC 8785 writes strings and
 * numbers exactly as JSON.stringify does and differs only in the order of an object's keys, so a copy with
 * its keys inserted in UTF-16 order, given to JSON.stringify, is the canonical text. Anything that copy could
 * get wrong is handed to canonicalize(); the spec holds both to the same output.
 */
export function canonicalJson(value: unknown): string {
  const ordered = inKeyOrder(value, 0);
  if (ordered !== UNUSUAL) return JSON.stringify(ordered);
  let canonical: string | undefined;
  try {
    canonical = canonicalize(value);
  } catch {
    canonical = canonicalize(JSON.parse(JSON.stringify(value)));
  }
  if (canonical === undefined) throw new Error('event content cannot be serialised');
  return canonical;
}

/** String.prototype.isWellFormed is ES2024 (in Node since 20); the project's lib setting stops at ES2023. */
const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** canonicalize() of one string, without its walk: JSON.stringify's text, and a lone surrogate refused. */
export function canonicalString(text: string): string {
  if (!isWellFormed(text)) throw new Error('a lone surrogate cannot be serialised');
  return JSON.stringify(text);
}

/** The value itself when JSON.stringify already writes it canonically, a reordered copy, or UNUSUAL. */
function inKeyOrder(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return isWellFormed(value) ? value : UNUSUAL;
    case 'number':
      return Number.isFinite(value) ? value : UNUSUAL;
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return value;
      if (depth >= MAX_DEPTH) return UNUSUAL;
      return Array.isArray(value) ? arrayInKeyOrder(value, depth) : objectInKeyOrder(value, depth);
    default:
      // undefined, functions, symbols and bigints: JSON.stringify drops, maps or refuses them
      return UNUSUAL;
  }
}

function arrayInKeyOrder(array: readonly unknown[], depth: number): unknown {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    const ordered = inKeyOrder(element, depth + 1);
    if (ordered === UNUSUAL) return UNUSUAL;
    if (ordered !== element) (copy ??= array.slice())[i] = ordered;
  }
  return copy ?? array;
}

function objectInKeyOrder(object: object, depth: number): unknown {
  // toJSON (a Date) and boxed primitives serialise as something else than their own keys
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') return UNUSUAL;
  if (object instanceof Number || object instanceof String || object instanceof Boolean) return UNUSUAL;
  const keys = Object.keys(object);
  let sorted = true;
  let protoKey = false;
  for (let i = 0; i < keys.length; i++) {
    // JavaScript puts array-index keys ("0", "17") first whatever the insertion order: no copy can reorder
    // them, so keys that start with a digit are left to canonicalize()
    const first = keys[i]!.charCodeAt(0);
    if (first >= 48 && first <= 57) return UNUSUAL;
    if (i > 0 && keys[i - 1]! > keys[i]!) sorted = false;
    if (keys[i] === '__proto__') protoKey = true;
  }
  if (!sorted) keys.sort();
  const members = object as Record<string, unknown>;
  const values: unknown[] = new Array(keys.length);
  let changed = !sorted;
  for (let i = 0; i < keys.length; i++) {
    const member = members[keys[i]!];
    const ordered = inKeyOrder(member, depth + 1);
    if (ordered === UNUSUAL) return UNUSUAL;
    values[i] = ordered;
    if (ordered !== member) changed = true;
  }
  if (!changed) return object;
  // an object literal keeps V8's fast properties, which JSON.stringify writes about a third faster than the
  // dictionary of an object without prototype; only a "__proto__" key needs one, to be a member like any other
  const copy = (protoKey ? Object.create(null) : {}) as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) copy[keys[i]!] = values[i];
  return copy;
}
