import { describe, expect, it } from 'vitest';
import { jsonPositions, pathKey } from '../../generator/authoring/json-positions.js';
import { namedPath } from '../../generator/authoring/named-path.js';

describe('positions of JSON values by path', () => {
  const text = '{\n  "a": [1, {"b": "x\\"y"}],\n\t"c": {"d": -1.5e3, "e": [true, null]},\n  "a": []\n}';
  const positions = jsonPositions(text);
  const cases: [string, PropertyKey[], { line: number; column: number }, { line: number; column: number } | undefined][] = [
    ['the root', [], { line: 1, column: 1 }, undefined],
    ['an array element, after a string with an escaped quote', ['c', 'e', 1], { line: 3, column: 33 }, undefined],
    ['a member: its value and its key', ['c', 'd'], { line: 3, column: 13 }, { line: 3, column: 8 }],
    ['a duplicate key: the last, as JSON.parse takes it', ['a'], { line: 4, column: 8 }, { line: 4, column: 3 }],
  ];
  it.each(cases)('%s', (_name, path, value, key) => {
    expect(positions.get(pathKey(path))).toEqual({ value, ...(key && { key }) });
  });

  it('records nothing below a value that is not there', () => {
    expect(positions.get(pathKey(['a', 0]))).toEqual({ value: { line: 2, column: 9 } });
    expect(positions.get(pathKey(['c', 'e', 2]))).toBeUndefined();
  });

  it('names the place of a syntax error', () => {
    expect(() => jsonPositions('{\n  "a": [1 2]\n}')).toThrow('expected "," or "]" at 2:11');
  });
});

describe('model paths with array elements named', () => {
  const input = {
    targets: [{ name: 'ct' }, { name: 'js:ui' }, { name: 'ct' }],
    surfaces: { invocations: [{ legacy: 'nix:ct' }, { unit: 'x' }] },
    tup: { nodes: [{ dir: '' }, { dir: 'frontend' }] },
    legacy: { invocations: [{ id: 'just:a', name: 'b' }] },
  };
  const cases: [PropertyKey[], string][] = [
    [['targets', 1, 'bundles', 0], 'targets["js:ui"].bundles[0]'],
    [['targets', 0, 'name'], 'targets[0].name'],
    [['surfaces', 'invocations', 0, 'flags', 2], 'surfaces.invocations["nix:ct"].flags[2]'],
    [['surfaces', 'invocations', 1], 'surfaces.invocations[1]'],
    [['tup', 'nodes', 0, 'rules', 1], 'tup.nodes["."].rules[1]'],
    [['tup', 'nodes', 1], 'tup.nodes["frontend"]'],
    [['legacy', 'invocations', 0], 'legacy.invocations["b"]'],
    [['targets', 7], 'targets[7]'],
  ];
  it.each(cases)('%j', (path, want) => expect(namedPath(input, path)).toBe(want));
});
