import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSites } from '../../generator/authoring/named-path.js';
import { ModelSourceMap } from '../../generator/authoring/ts-source.js';
import { tempDir } from '../support/tree.js';
import { positionOf } from './model-copy.js';

/**
 * How a path finds its source through TypeScript syntax: every form the locator follows, on a
 * small module graph. Each case names the text the path must land on.
 */
const files: Record<string, string> = {
  'values.ts': `export const flags = ['-d:a', '-d:b'] as const;
export const common = { kind: 'nim-c', args: flags } satisfies object;
const hidden = { name: 'hidden-name' };
export { hidden as renamed };
`,
  'again.ts': `export * from './values.js';\nexport { renamed as twice } from './values.js';\n`,
  'model.ts': `import { common, flags, twice } from './again.js';
const key = 'computed';
const targets = [
  { ...common, name: 'one', args: [...flags, flags[1]!, '-d:own'] },
  { ...twice, ...common, ['out' + 'put']: 'x', 'quoted-key': 1, [key]: 2 },
  (common.args),
  { name: 'four', kind: 'late' },
];
const model = { targets, computedTarget: targets[3]!.kind, xs: ['q', 'r'].map((s) => s.toUpperCase()), made: make() };
function make() { return {}; }
export default model;
`,
};

describe('ModelSourceMap: following a zod path through TypeScript syntax', () => {
  const dir = tempDir('ts-source');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const map = new ModelSourceMap(join(dir, 'model.ts'), 'default');
  /** Where `mark` first is in `file`. */
  const at = (file: string, mark: string) => {
    const offset = files[file]!.indexOf(mark);
    expect(offset, mark).toBeGreaterThanOrEqual(0);
    return { file: join(dir, file), position: positionOf(files[file]!, offset) };
  };

  const cases: [string, PropertyKey[], { key?: boolean }, [string, string], string[]][] = [
    ['a spread object, through a re-export', ['targets', 0, 'kind'], {}, ['values.ts', "'nim-c'"], ['default', 'model', 'targets', 'common']],
    ['an own property after a spread wins', ['targets', 0, 'name'], {}, ['model.ts', "'one'"], ['default', 'model', 'targets']],
    ['an array spread, then an element access with !', ['targets', 0, 'args', 2], {}, ['values.ts', "'-d:b'"], ['default', 'model', 'targets', 'flags']],
    ['the element after the spreads', ['targets', 0, 'args', 3], {}, ['model.ts', "'-d:own'"], ['default', 'model', 'targets']],
    ['a renamed export of a renamed export', ['targets', 1, 'name'], {}, ['values.ts', "'hidden-name'"], ['default', 'model', 'targets', 'hidden']],
    ['a quoted key', ['targets', 1, 'quoted-key'], {}, ['model.ts', '1,'], ['default', 'model', 'targets']],
    ['a key computed from a constant is not followed: the object', ['targets', 1, 'computed'], {}, ['model.ts', '{ ...twice'], ['default', 'model', 'targets']],
    ['a property access in parentheses', ['targets', 2, 1], {}, ['values.ts', "'-d:b'"], ['default', 'model', 'targets', 'common', 'flags']],
    ['an unknown field, at its name', ['targets', 3, 'kind'], { key: true }, ['model.ts', "kind: 'late'"], ['default', 'model', 'targets']],
    ['an element access into the same module', ['computedTarget'], {}, ['model.ts', "'late'"], ['default', 'model', 'targets']],
    ['an element of xs.map(f), at the element of xs', ['xs', 1], {}, ['model.ts', "'r'"], ['default', 'model']],
    ['a call result is where the path stops', ['made', 'deep'], {}, ['model.ts', 'make()'], ['default', 'model']],
  ];
  it.each(cases)('%s', (_name, path, options, [file, mark], hops) => {
    const trace = map.locate(path, options)!;
    const want = at(file, mark);
    expect({ file: trace.file, position: trace.position }).toEqual(want);
    expect(trace.hops.map((h) => h.name)).toEqual(hops);
  });

  it('keeps the keys followed inside each constant, as the constant counts them', () => {
    expect(map.locate(['targets', 0, 'args', 2])!.hops.at(-1)).toEqual({ depth: 4, name: 'flags', local: [1] });
  });
});

describe('use sites, shortened', () => {
  const input = { s: { calls: [{ legacy: 'a' }, { legacy: 'b' }, { legacy: 'c' }] }, t: [{ name: 'x' }] };
  const cases: [PropertyKey[][], string][] = [
    [[['s', 'calls', 0], ['s', 'calls', 1]], 's.calls["a"], ["b"]'],
    [[['s', 'calls', 0, 'flags'], ['s', 'calls', 2, 'flags']], 's.calls["a"].flags, ["c"].flags'],
    [[['s', 'calls', 0], ['t', 0]], 's.calls["a"], t["x"]'],
  ];
  it.each(cases)('%j', (sites, want) => expect(listSites(input, sites)).toBe(want));
});
