import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatModelError } from '../../generator/authoring/diagnostics.js';
import { ModelError, validateModel } from '../../generator/model.js';
import { fixtureInput } from '../support/fixture-model.js';
import { tempDir } from '../support/tree.js';
import { pkg, positionOf } from './model-copy.js';

const bin = join(pkg, 'bin', 'ct-gen.js');
const ctGen = (args: string[], cwd: string) => execa('node', [bin, ...args], { reject: false, cwd });

/** A small model as an ES module spread over two files: shared constants, spreads, a renamed import and `.map`. */
function moduleModel(parts: string, model: string): { dir: string; parts: string; model: string } {
  const dir = tempDir('authoring-module');
  writeFileSync(join(dir, 'parts.mjs'), parts);
  writeFileSync(join(dir, 'model.mjs'), model);
  return { dir, parts, model };
}

const PARTS = `export const debugBundles = ['base', 'paths', 'dbg'];
export const switches = ['-d:ui', '--hints:on'];
`;
const j = (value: unknown) => JSON.stringify(value);
const MODEL = `import { debugBundles as shared, switches } from './parts.mjs';

const page = { description: 'A JS bundle', kind: 'nim-js' };
const debug = { name: 'debug', description: 'Debug build', bundles: shared };

export default {
  platforms: ${j(fixtureInput.platforms)},
  bundles: [
    ...${j(fixtureInput.bundles.filter((b) => b.name !== 'ui'))},
    { name: 'ui', description: 'Renderer', args: ['-d:renderer', ...switches.map((s) => s.trim())] },
  ],
  profiles: [debug, { ...debug, name: 'release', description: 'Release build' }],
  targets: [
    ${j(fixtureInput.targets[0])},
    { ...page, name: 'js:page', source: 'src/web/page.nim', output: 'page.js', bundles: ['ui'] },
    { ...page, name: 'js:other', source: 'src/web/other.nim', output: 'other.js' },
  ],
  packaging: { platforms: [] },
  tup: ${j({ ...fixtureInput.tup, variants: fixtureInput.tup.variants.slice(0, 2) })},
  layout: ${j(fixtureInput.layout)},
};
`;

/** The report for a module model, in-process (`validateModel` with the module as source). */
async function report(files: { dir: string }): Promise<string[]> {
  const file = join(files.dir, 'model.mjs');
  const { default: data } = (await import(`${file}?${Date.now()}`)) as { default: unknown };
  try {
    validateModel(data, 'model.mjs', { kind: 'module', file, exportName: 'default' });
  } catch (error) {
    if (error instanceof ModelError) return (await formatModelError(error, files.dir)).trimEnd().split('\n');
    throw error;
  }
  return [];
}

const at = (text: string, mark: string, nth = 0) => {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(mark, offset + 1);
  expect(offset, mark).toBeGreaterThanOrEqual(0);
  return positionOf(text, offset);
};

describe('problems of an ES module model, at their source (fixture)', () => {
  it('the fixture module is a valid model', async () => {
    expect(await report(moduleModel(PARTS, MODEL))).toEqual([]);
  });

  it('a constant imported under another name and used by two profiles (one through a spread): once, by its own name', async () => {
    const files = moduleModel(PARTS.replace("'paths'", "'pahts'"), MODEL);
    const p = at(files.parts, "'pahts'");
    expect(await report(files)).toEqual([
      `parts.mjs:${p.line}:${p.column}: debugBundles[1]: unknown bundle "pahts"; did you mean "paths"?`,
      '  used by profiles["debug"], ["release"]',
      'ct-gen: invalid model (model.mjs): 1 problem',
    ]);
  });

  it('an element of xs.map(f) spread into an array, at the element of xs', async () => {
    const files = moduleModel(PARTS.replace("'--hints:on'", "'hints:on'"), MODEL);
    const p = at(files.parts, "'hints:on'");
    expect(await report(files)).toEqual([
      `parts.mjs:${p.line}:${p.column}: bundles["ui"].args[2]: must be a nim switch starting with - or -- (got "hints:on")`,
      'ct-gen: invalid model (model.mjs): 1 problem',
    ]);
  });

  it('a misspelled field of a constant two targets spread: once, at the field', async () => {
    const files = moduleModel(PARTS, MODEL.replace("kind: 'nim-js' }", "kind: 'nim-js', bundels: [] }"));
    const p = at(files.model, 'bundels');
    expect(await report(files)).toEqual([
      `model.mjs:${p.line}:${p.column}: page: unknown field "bundels"; did you mean "bundles"?`,
      '  used by targets["js:page"], ["js:other"]',
      'ct-gen: invalid model (model.mjs): 1 problem',
    ]);
  });

  it('a value a spread overrides is not the one reported: the last property wins, as in JavaScript', async () => {
    const files = moduleModel(PARTS, MODEL.replace("output: 'other.js' }", "output: 'other.js', kind: 'nim-jss' }"));
    const p = at(files.model, "'nim-jss'");
    expect(await report(files)).toEqual([
      `model.mjs:${p.line}:${p.column}: targets["js:other"].kind: Invalid option: expected one of "nim-c"|"nim-js" (got "nim-jss"); did you mean "nim-js"?`,
      'ct-gen: invalid model (model.mjs): 1 problem',
    ]);
  });

  it('through the CLI, with --model the module', async () => {
    const files = moduleModel(PARTS.replace("'dbg'", "'dgb'"), MODEL);
    const p = at(files.parts, "'dgb'");
    const result = await ctGen(['list', '--model', 'model.mjs'], files.dir);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((l) => !l.includes('compiling'))).toEqual([
      `parts.mjs:${p.line}:${p.column}: debugBundles[2]: unknown bundle "dgb"; did you mean "dbg"?`,
      '  used by profiles["debug"], ["release"]',
      'ct-gen: invalid model (model.mjs): 1 problem',
    ]);
  });
});

describe('problems of a JSON model, at their line and column (fixture)', () => {
  const json = JSON.stringify(fixtureInput, null, 2);
  const write = (text: string) => {
    const dir = tempDir('authoring-json');
    writeFileSync(join(dir, 'model.json'), text);
    return dir;
  };

  it('a bad enum value, a misspelled field and the field it leaves missing, each at its place (elements named by name or dir)', async () => {
    const text = json.replace('"kind": "nim-c"', '"kind": "nim-cc"').replace('"profile": "release"', '"profle": "release"');
    const kind = at(text, '"nim-cc"');
    const field = at(text, '"profle"');
    const result = await ctGen(['list', '--model', 'model.json'], write(text));
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n').filter((l) => l !== '' && !l.includes('compiling'))).toEqual([
      `model.json:${kind.line}:${kind.column}: targets["app"].kind: Invalid option: expected one of "nim-c"|"nim-js" (got "nim-cc"); did you mean "nim-c"?`,
      // The missing field is reported at the object that lacks it.
      `model.json:${lineOfVariant(text, 'build-release')}: tup.variants["build-release"].profile: Invalid input: expected string, received undefined`,
      `model.json:${field.line}:${field.column}: tup.variants["build-release"]: unknown field "profle"; did you mean "profile"?`,
      'ct-gen: invalid model (model.json): 3 problems',
    ]);
  });

  it('each missing section is a problem of its own, though all are located at the object that lacks them', async () => {
    const { targets: _t, profiles: _p, ...rest } = fixtureInput;
    const dir = write(JSON.stringify(rest, null, 2));
    const file = join(dir, 'model.json');
    let lines: string[] = [];
    try {
      validateModel(rest, 'model.json', { kind: 'json', file });
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      lines = (await formatModelError(error, dir)).trimEnd().split('\n');
    }
    expect([...lines].sort()).toEqual([
      'ct-gen: invalid model (model.json): 2 problems',
      'model.json:1:1: profiles: Invalid input: expected array, received undefined',
      'model.json:1:1: targets: Invalid input: expected array, received undefined',
    ]);
  });

  it('an unknown bundle, with the bundle meant; a $schema reference is no model field', async () => {
    const text = json.replace('"bundles": [\n        "ui"\n      ]', '"bundles": [\n        "iu"\n      ]').replace('{\n  "layout"', '{\n  "$schema": "./schemas/model.schema.json",\n  "layout"');
    const p = at(text, '"iu"');
    const result = await ctGen(['list', '--model', 'model.json'], write(text));
    expect(result.stderr.split('\n').filter((l) => l !== '' && !l.includes('compiling'))).toEqual([
      `model.json:${p.line}:${p.column}: targets["js:page"].bundles[0]: unknown bundle "iu"; did you mean "ui"?`,
      'ct-gen: invalid model (model.json): 1 problem',
    ]);
    expect((await ctGen(['list', '--model', 'model.json'], write(text.replace('"iu"', '"ui"')))).exitCode).toBe(0);
  });
});

describe('a model file that cannot be loaded', () => {
  it('JSON that does not parse: at the place it stops being JSON, nothing else', async () => {
    const dir = tempDir('authoring-syntax');
    // JSON.parse names an offset for some errors, none for others (an early end; a token, with the
    // text quoted around it); the place is said once, in the file:line:column, and the message is
    // JSON.parse's own without it.
    const cases: [string, string][] = [
      ['{\n  "platforms": [],\n}\n', '3:1'],
      ['{\n  "platforms": [', '2:17'],
      ['{ "platforms": [}\n', '1:17'],
      ['{"a": tru}', '1:10'],
      ['{} x', '1:4'],
      ['\uFEFF{ "platforms": [}', '1:17'],
    ];
    for (const [i, [text, place]] of cases.entries()) {
      writeFileSync(join(dir, `model${i}.json`), text);
      const result = await ctGen(['list', '--model', `model${i}.json`], dir);
      expect(result.exitCode, text).toBe(2);
      const lines = result.stderr.split('\n').filter((l) => l !== '' && !l.includes('compiling'));
      expect(lines, text).toHaveLength(1);
      const printed = new RegExp(`^model${i}\\.json:${place}: cannot load the model: (.+)$`).exec(lines[0]!)?.[1];
      expect(printed, `${text}: ${lines[0]}`).toBeDefined();
      let parsed = '';
      try {
        JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (error) {
        parsed = (error as Error).message;
      }
      expect(parsed.startsWith(printed!), `${printed} is the start of ${parsed}`).toBe(true);
      expect(printed, text).not.toMatch(/position \d|is not valid JSON/);
    }
  });

  it('a file that is not there, or a folder', async () => {
    const dir = tempDir('authoring-missing');
    mkdirSync(join(dir, 'models'));
    const missing = await ctGen(['list', '--model', 'missing.json'], dir);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^missing\.json: cannot load the model: no such file$/m);
    const folder = await ctGen(['list', '--model', 'models'], dir);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toMatch(/^models: cannot load the model: it is a directory; give the model file/m);
  });
});

/** `line:column` of the `{` that opens the Tup variant in `dir`. */
function lineOfVariant(text: string, dir: string): string {
  const p = positionOf(text, text.lastIndexOf('{', text.indexOf(`"dir": ${JSON.stringify(dir)}`)));
  return `${p.line}:${p.column}`;
}
