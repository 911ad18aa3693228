import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';

/** What canonicalJson gave before its shortcut: canonicalize(), or the JSON round trip where it refuses. */
function reference(value: unknown): string | undefined {
  try {
    return canonicalize(value);
  } catch {
    return canonicalize(JSON.parse(JSON.stringify(value)));
  }
}

/** Keys that trip an insertion-ordered copy: array indexes, digits, "__proto__", code-unit order traps. */
const awkwardKey = fc.constantFrom(
  '10',
  '9',
  '0',
  '01',
  '4294967295',
  '__proto__',
  'é',
  '😀',
  '\ue000',
  '',
  'Z',
);
const key = fc.oneof(fc.string(), awkwardKey, fc.string({ unit: 'grapheme' }));
const leaf = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(undefined, NaN, -0, Infinity, 1e21, 5e-324),
  fc.date({ noInvalidDate: true }),
);
const payload = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
})).value;

describe('canonicalJson', () => {
  it('writes what canonicalize() writes, for any payload', () => {
    fc.assert(
      fc.property(payload, (value) => {
        let expected: string | undefined;
        let refused = false;
        try {
          expected = reference(value);
        } catch {
          refused = true;
        }
        if (refused || expected === undefined) expect(() => canonicalJson(value)).toThrow();
        else expect(canonicalJson(value)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('orders keys by UTF-16 code units, "__proto__" and array indexes included', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"y":[2,{"d":1,"c":0}],"x":1},"a":"Ü","\ue000":0,"😀":0}');
    expect(canonicalJson(value)).toBe(
      '{"__proto__":{"x":1,"y":[2,{"c":0,"d":1}]},"a":"Ü","b":1,"😀":0,"\ue000":0}',
    );
    expect(canonicalJson({ b: 1, 10: 2, 9: 3, a: { 1: 0, 0: 1 } })).toBe(
      '{"10":2,"9":3,"a":{"0":1,"1":0},"b":1}',
    );
  });

  it('keeps the JSON round trip for what RFC 8785 refuses, and refuses lone surrogates and cycles', () => {
    expect(canonicalJson({ n: NaN, i: -Infinity, d: new Date(0), u: undefined })).toBe(
      '{"d":"1970-01-01T00:00:00.000Z","i":null,"n":null}',
    );
    expect(() => canonicalJson({ s: '\ud800' })).toThrow();
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow();
  });

  it('takes a payload nested deeper than its shortcut goes', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i++) deep = { [`k${i % 3}`]: deep, a: i };
    expect(canonicalJson(deep)).toBe(reference(deep));
  });
});
