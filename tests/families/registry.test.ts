import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../generator/families/families.js';
import { SURFACES } from '../../generator/families/registry.js';
import { HEADER_TEXT } from '../../generator/header.js';
import { ModelError, validateModel } from '../../generator/model.js';
import { generateFiles } from '../../generator/pipeline.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { codetracer } from '../../model/codetracer/index.js';
import type { ModelInput } from '../../model/schema/index.js';
import { fixture, fixtureInput } from '../support/fixture-model.js';
import { tempDir, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';
import { make } from './make/index.js';

const pkg = join(import.meta.dirname, '..', '..');

/** Every file under a folder of the package, relative to the package. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(pkg, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(join(pkg, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the family registry', () => {
  it('names each family once and derives the surface table from the families', () => {
    const names = FAMILIES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(SURFACES.map((s) => s.kind)).toEqual(FAMILIES.flatMap((f) => (f.surfaces ?? []).map((s) => s.kind)));
    expect(new Set(SURFACES.map((s) => s.kind)).size).toBe(SURFACES.length);
  });

  it('has one folder per family, each with its index', () => {
    const folders = readdirSync(join(pkg, 'generator/families')).filter((name) => statSync(join(pkg, 'generator/families', name)).isDirectory());
    expect(folders.sort()).toEqual(FAMILIES.map((f) => f.name).sort());
    for (const folder of folders) expect(statSync(join(pkg, 'generator/families', folder, 'index.ts')).isFile(), folder).toBe(true);
  });

  it('writes every output a family declares in the layout, and nothing outside the layout but the Tup tree', () => {
    // The built-in model: every family has something to write there.
    const layout = model.layout as Record<string, string>;
    /** A layout path as a pattern: `{platform}` any one segment; a folder matches what lies in it. */
    const pattern = (value: string) => new RegExp(`^${value.split('{platform}').map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}(/.+)?$`);
    // The layout entries that are conventions, not paths.
    const notPaths = new Set(['bundleArrayPrefix', 'targetArrayPrefix', 'nixFlakePackages']);
    const pathsOf = (keys: readonly string[]) => keys.filter((key) => !notPaths.has(key)).map((key) => layout[key]!);
    const declared = FAMILIES.flatMap((f) => pathsOf(f.outputs));
    const view = resolveModel(model);
    for (const family of FAMILIES) {
      const emitted = family.emit(view).map((f) => f.path);
      expect(emitted.length, family.name).toBeGreaterThan(0);
      for (const value of pathsOf(family.outputs)) {
        expect(emitted.some((file) => pattern(value).test(file)), `${family.name}: ${value}`).toBe(true);
      }
    }
    const outside = generateFiles(model)
      .map((f) => f.path)
      .filter((path) => !path.startsWith('src/') && path !== '.ct-gen/manifest.json' && !declared.some((value) => pattern(value).test(path)));
    expect(outside).toEqual([]);
  });
});

describe('emitters read the resolved view only', () => {
  it('the view carries no raw model, and no emitter reaches for one', () => {
    expect(Object.keys(resolveModel(fixture))).not.toContain('model');
    const emitters = filesUnder('generator/families').filter((file) => file.endsWith('/emit.ts'));
    expect(emitters.length).toBe(FAMILIES.length);
    for (const file of emitters) expect(readFileSync(join(pkg, file), 'utf8'), file).not.toMatch(/\bview\.model\b|\btype Model\b|\{ Model\b|, Model\b/);
  });
});

describe('no Codetracer path under generator/', () => {
  // Every layout value with a path separator, a dot or a prefix underscore, and the file names of the paths.
  const values = Object.values(codetracer.layout as Record<string, string>).filter((value) => /[/._]/.test(value));
  const needles = [...new Set([...values, ...values.filter((v) => v.includes('/')).map((v) => v.split('/').pop()!).filter((name) => /[._]/.test(name))])];
  const sources = filesUnder('generator');

  it.each(needles)('%s is named only by the model', (needle) => {
    const naming = sources.filter((file) => readFileSync(join(pkg, file), 'utf8').includes(needle));
    expect(naming, `${needle} appears in`).toEqual([]);
  });

  it('emits Codetracer paths from the model: the fixture model writes none of them', () => {
    const written = generateFiles(fixture).map((f) => f.path);
    for (const value of values.filter((v) => v.includes('/'))) expect(written.filter((path) => path.startsWith(value.split('{platform}')[0]!)), value).toEqual([]);
  });
});

describe('a family added from outside: a Make snippet', () => {
  const families = [...FAMILIES, make];

  it('emits its file with the header of its declared format, and make runs it', () => {
    const files = generateFiles(fixture, families);
    const snippet = files.find((f) => f.path === 'make/ct-gen.mk')!;
    expect(snippet.content.split('\n')[0]).toBe(`# ${HEADER_TEXT}`);
    expect(JSON.parse(files.find((f) => f.path === '.ct-gen/manifest.json')!.content).files).toHaveProperty(['make/ct-gen.mk']);
    const root = tempDir('make-family');
    writeTree(root, files);
    const out = execFileSync('make', ['-s', '-f', 'make/ct-gen.mk', 'ct-js-page', 'PROFILE=release'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('page.js');
    expect(out).toMatch(/-d:release/);
  });

  it('brings its surface into validation: a legacy make invocation is unknown without it', () => {
    const input: ModelInput = {
      ...fixtureInput,
      legacy: { invocations: [{ id: 'make:app', surface: 'make', file: 'Makefile', line: 3, argv: ['c', '--out:app', 'src/app/app.nim'], output: 'app', target: 'app' }] },
      surfaces: { invocations: [{ legacy: 'make:app', unit: 'all', target: 'app', profile: 'debug', output: '${OUT}' }] },
    };
    expect(() => validateModel(input)).toThrow(ModelError);
    try {
      validateModel(input);
    } catch (error) {
      expect((error as ModelError).issues.map((i) => i.message)).toContain(`unknown surface "make"; known: ${SURFACES.map((s) => s.kind).join(', ')}`);
    }
    // With the family, its placeholder rule applies: `${OUT}` is an upper-case make variable; the output check still compares paths.
    const issues = (() => {
      try {
        validateModel(input, 'model', undefined, families);
        return [];
      } catch (error) {
        return (error as ModelError).issues.map((i) => `${i.path}: ${i.message}`);
      }
    })();
    expect(issues.filter((i) => i.includes('surface') && i.includes('unknown'))).toEqual([]);
    expect(issues.filter((i) => i.includes('must name'))).toEqual([]);
    const lower = structuredClone(input) as { surfaces: { invocations: { output: string }[] } };
    lower.surfaces.invocations[0]!.output = '${out}';
    expect(() => validateModel(lower, 'model', undefined, families)).toThrow(/must name an upper-case make variable/);
  });
});
