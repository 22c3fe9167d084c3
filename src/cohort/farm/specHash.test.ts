import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, runIdOf, specHash } from './specHash.ts';

/** The same object with its keys inserted in reverse order, at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reversedKeys(inner)]),
  );
}

test('a spec hashes the same whatever the order of its keys', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.equal(canonicalJson(reversedKeys(value)), canonicalJson(value));
      assert.equal(specHash(reversedKeys(value)), specHash(value));
    }),
  );
});

test('canonical JSON is JSON of the same value, keys sorted', () => {
  const text = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } });
  assert.equal(text, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalJson(JSON.parse('{"z":1,"__proto__":2}')), '{"__proto__":2,"z":1}');
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.deepEqual(JSON.parse(canonicalJson(value)), JSON.parse(JSON.stringify(value)));
    }),
  );
});

test('a changed value changes the hash; the run id is the job and 16 hex digits', () => {
  const a = specHash({ patients: 10, seed: 1 });
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(specHash({ patients: 10, seed: 2 }), a);
  // sha256("{}"), as printed by `printf '{}' | sha256sum`.
  assert.equal(specHash({}), '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  assert.equal(runIdOf('cohort-patient', a), `cohort-patient.${a.slice(0, 16)}`);
});
