import { Node, Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { applyEdits, insertElement } from '../../generator/authoring/array-edit.js';

/** Insert `source` into the array `const list = …` of `text`, after its element `after` (an index; first when undefined). */
async function inserted(text: string, source: string, after?: number): Promise<string> {
  const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('model.ts', text);
  const array = file.getVariableDeclarationOrThrow('list').getInitializerOrThrow();
  if (!Node.isArrayLiteralExpression(array)) throw new Error('list is no array literal');
  const edit = await insertElement(array, after === undefined ? undefined : array.getElements()[after], source);
  return applyEdits(text, [edit]);
}

const target = (name: string) => `{\nname: "${name}",\nbundles: common,\n}`;
const rule = (name: string) => JSON.stringify({ kind: 'nim', target: name, output: `bin/${name}` });

describe('insertElement: a new element as prettier writes it, every other line as it was', () => {
  const cases: [string, string, string, number | undefined, string][] = [
    [
      'one element per line, after the first: its own lines, indented like the others',
      "const list = [\n  {\n    name: 'a',\n  },\n  {\n    name: 'b',\n  },\n];\n",
      target('new'),
      0,
      "const list = [\n  {\n    name: 'a',\n  },\n  {\n    name: 'new',\n    bundles: common,\n  },\n  {\n    name: 'b',\n  },\n];\n",
    ],
    [
      'after the last, with a trailing comma',
      "const list = [\n    { kind: 'nim', target: 'a', output: 'bin/a' },\n];\n",
      rule('b'),
      0,
      "const list = [\n    { kind: 'nim', target: 'a', output: 'bin/a' },\n    { kind: 'nim', target: 'b', output: 'bin/b' },\n];\n",
    ],
    [
      'after the last, without a trailing comma: still none',
      "const list = [\n  'a',\n  'b'\n];\n",
      '"c"',
      1,
      "const list = [\n  'a',\n  'b',\n  'c'\n];\n",
    ],
    ['first', "const list = [\n  'a',\n];\n", '"z"', undefined, "const list = [\n  'z',\n  'a',\n];\n"],
    [
      'a comment after the element stays on its line',
      "const list = [\n  'a', // the first\n  'b',\n];\n",
      '"new"',
      0,
      "const list = [\n  'a', // the first\n  'new',\n  'b',\n];\n",
    ],
    [
      'an empty array, on its line when it fits',
      "const list = [];\nconst other = 1;\n",
      rule('a'),
      undefined,
      "const list = [{ kind: 'nim', target: 'a', output: 'bin/a' }];\nconst other = 1;\n",
    ],
    [
      'a one-line array gets the element beside the others when the line fits',
      "const list = ['a', 'b'];\n",
      '"c"',
      0,
      "const list = ['a', 'c', 'b'];\n",
    ],
  ];
  it.each(cases)('%s', async (_name, text, source, after, want) => {
    expect(await inserted(text, source, after)).toBe(want);
  });

  it("a one-line array whose line would be too long: prettier lays out the expression on that line, the other lines are kept", async () => {
    const long = `'${'x'.repeat(100)}'`;
    const text = `const list = [\n  { dir: 'a', rules: [], omitted: [${long}] },\n    { dir: 'b',   rules: [] },\n];\n`;
    const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('model.ts', text);
    const node = file.getVariableDeclarationOrThrow('list').getInitializerOrThrow();
    if (!Node.isArrayLiteralExpression(node)) throw new Error('list is no array literal');
    const first = node.getElements()[0]!;
    if (!Node.isObjectLiteralExpression(first)) throw new Error('no object');
    const rules = first.getPropertyOrThrow('rules');
    if (!Node.isPropertyAssignment(rules)) throw new Error('no property');
    const edit = await insertElement(rules.getInitializerOrThrow(), undefined, rule('a'));
    expect(applyEdits(text, [edit])).toBe(
      `const list = [\n  {\n    dir: 'a',\n    rules: [{ kind: 'nim', target: 'a', output: 'bin/a' }],\n    omitted: [${long}],\n  },\n    { dir: 'b',   rules: [] },\n];\n`,
    );
  });
});

describe('applyEdits', () => {
  it('applies edits from the end, keeping the text between them', () => {
    expect(applyEdits('abcdef', [{ start: 1, end: 1, text: 'X' }, { start: 4, end: 5, text: 'Y' }])).toBe('aXbcdYf');
  });
  it('refuses overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 3, text: 'X' }, { start: 2, end: 4, text: 'Y' }])).toThrow('overlapping edits');
  });
});
