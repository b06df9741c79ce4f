import { execa } from 'execa';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript, beside bin/ct-gen.js
import { BUNDLE_DIR } from '../../bin/bundle.js';
import { modelSchemaText, STORED_SCHEMA } from '../../generator/families/model-schema/emit.js';
import { fixture, fixtureInput } from '../support/fixture-model.js';
import { expandBundles } from '../support/loaded.js';
import { copyPackage } from '../support/package-copy.js';
import { tempDir } from '../support/tree.js';

const pkg = join(import.meta.dirname, '..', '..');
const bin = join(pkg, 'bin', 'ct-gen.js');
const tracer = join(import.meta.dirname, '..', 'support', 'loaded-modules.mjs');

/**
 * Runs a command with every module it loads recorded; each as `node_modules/…` (wherever the
 * packages are: a copy of this repository links to them) or relative to the package. Always the
 * full path: an up-to-date check or generate is otherwise answered by the generation cache,
 * which loads nothing of dist/ (tests/cli/fast-path.test.ts).
 */
async function loadedBy(args: string[], { fastPath = false } = {}) {
  const list = join(tempDir('loaded'), 'modules.txt');
  const result = await execa('node', ['--import', tracer, bin, ...args], { reject: false, env: { CT_GEN_LOADED_MODULES: list, CT_GEN_NO_FAST_PATH: fastPath ? '' : '1' } });
  const root = pathToFileURL(`${pkg}/`).href;
  const shown = (url: string) => {
    const packages = url.lastIndexOf('/node_modules/');
    if (packages >= 0) return url.slice(packages + 1);
    return url.startsWith(root) ? url.slice(root.length) : url;
  };
  const modules = [...new Set(expandBundles(readFileSync(list, 'utf8').split('\n').filter(Boolean)).map(shown))];
  return { result, modules };
}

const handlebars = (m: string) => m.startsWith('node_modules/handlebars/');
// The compiler: the package's full entry (lib/) and the compiler modules the runtime never needs.
const handlebarsCompiler = (m: string) => m.startsWith('node_modules/handlebars/lib/') || m.startsWith('node_modules/handlebars/dist/cjs/handlebars/compiler/');

/**
 * Each command loads only what it runs: `ct-gen lint` in a pre-commit hook must not pay for
 * templates, and check/generate not for the lint (docs: ARCHITECTURE.md, "Start-up").
 */
describe('what each command loads', () => {
  it('lint loads neither handlebars nor the emitters', async () => {
    const tree = tempDir('loaded-lint');
    writeFileSync(join(tree, 'build.sh'), '#!/bin/sh\nnim c --out:x src/x.nim\n');
    const { result, modules } = await loadedBy(['lint', tree]);
    expect(result.exitCode, result.stderr).toBe(1);
    // The tracer saw the command run.
    expect(modules).toContain('dist/lint/index.js');
    expect(modules.filter(handlebars)).toEqual([]);
    expect(modules.filter((m) => /^dist\/generator\/(render|pipeline)\.js$|^dist\/generator\/families\/(families\.js$|[^/]+\/emit\.js$)/.test(m))).toEqual([]);
    // It validates the model with the families' rules, which load without their emitters.
    expect(modules).toContain('dist/generator/families/registry.js');
  });

  it('lint, once a run recorded the model, loads neither the model, zod nor yargs', async () => {
    const tree = tempDir('loaded-lint-fast');
    writeFileSync(join(tree, 'build.sh'), '#!/bin/sh\nnim c --out:x src/x.nim\n');
    expect((await execa('node', [bin, 'lint', tree], { reject: false })).exitCode).toBe(1);
    const { result, modules } = await loadedBy(['lint', tree], { fastPath: true });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain('build.sh:2:1');
    expect(modules).toContain('dist/lint/run.js');
    // Nothing of the model, its schemas (zod), the command line (yargs) or rendering: lint's modules and the few small helpers they share.
    const heavy = (m: string) =>
      /^node_modules\/(zod|yargs|handlebars)\//.test(m) || (m.startsWith('dist/model/') && m !== 'dist/model/schema/lint-defaults.js') || /^dist\/generator\/(model|pipeline|render|quote|resolve\/|families\/|cli\/)/.test(m);
    expect(modules.filter(heavy)).toEqual([]);
  });

  it('check and generate load no lint module and only the runtime of handlebars (templates come precompiled)', async () => {
    const dest = join(tempDir('loaded-check'), 'out');
    // Fills DEST, and the template cache if a template changed.
    const first = await execa('node', [bin, 'generate', '--dest', dest], { reject: false });
    expect(first.exitCode, first.stderr).toBe(0);
    for (const command of ['check', 'generate']) {
      const { result, modules } = await loadedBy([command, '--dest', dest]);
      expect(result.exitCode, `${command}: ${result.stderr}`).toBe(0);
      expect(modules, command).toContain('dist/generator/render.js');
      expect(modules, command).toContain('node_modules/handlebars/dist/cjs/handlebars.runtime.js');
      expect(modules.filter(handlebarsCompiler), command).toEqual([]);
      // The CLI declares lint's --format choices from this one table of names; nothing of the lint runs.
      expect(modules.filter((m) => m.startsWith('dist/lint/') && m !== 'dist/lint/format/names.js'), command).toEqual([]);
    }
  });

  it('a check, generate or lint line that bin/ct-gen.js reads runs without loading yargs; any other line loads it', async () => {
    const dest = join(tempDir('loaded-direct'), 'out');
    const first = await execa('node', [bin, 'generate', '--dest', dest], { reject: false });
    expect(first.exitCode, first.stderr).toBe(0);
    const yargs = (m: string) => /^node_modules\/(yargs|yargs-parser|cliui|string-width)\//.test(m);
    // A model file no run has recorded, for lint; --no-cache for check and generate: neither bin's
    // answers nor the stored files, the command runs.
    const model = join(tempDir('loaded-direct-model'), 'model.json');
    writeFileSync(model, JSON.stringify(fixtureInput));
    for (const args of [
      ['check', '--no-cache', '--dest', dest],
      ['generate', '--no-cache', '--force', '--dest', dest],
      ['lint', '--model', model, dest],
    ]) {
      const { result, modules } = await loadedBy(args, { fastPath: true });
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(modules, args.join(' ')).toContain('dist/generator/cli/direct.js');
      expect(modules.filter(yargs), args.join(' ')).toEqual([]);
    }
    // yargs takes the last of two colour flags; bin reads no such line.
    for (const args of [['check', '--no-cache', '--color', '--no-color', '--dest', dest], ['list']]) {
      const { result, modules } = await loadedBy(args, { fastPath: true });
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(modules, args.join(' ')).not.toContain('dist/generator/cli/direct.js');
      expect(modules, args.join(' ')).toContain('node_modules/yargs/index.mjs');
    }
  });

  it('check and generate with the files stored for their key load neither the model, zod, handlebars nor the emitters', async () => {
    const dest = join(tempDir('loaded-stored'), 'out');
    // Records the key's files.
    const first = await execa('node', [bin, 'generate', '--dest', dest], { reject: false });
    expect(first.exitCode, first.stderr).toBe(0);
    const driver = join(dest, 'tools', 'build', 'build_codetracer.sh');
    writeFileSync(driver, `${readFileSync(driver, 'utf8')}# edited\n`);
    const heavy = (m: string) => /^node_modules\/(zod|handlebars)\//.test(m) || m.startsWith('dist/model/') || /^dist\/generator\/(model\.js|pipeline|render|quote\.js|resolve\/|families\/)/.test(m);
    for (const [args, code] of [
      [['check', '--no-color', '--dest', dest], 1],
      [['generate', '--force', '--dest', dest], 0],
    ] as const) {
      const { result, modules } = await loadedBy([...args], { fastPath: true });
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(code);
      // The tracer saw the command plan.
      expect(modules).toContain('dist/generator/write.js');
      expect(modules.filter(heavy), args.join(' ')).toEqual([]);
    }
    expect(readFileSync(driver, 'utf8')).not.toContain('# edited');
  });
});

describe("the model's JSON Schema, stored with the bundle", () => {
  it('is what the emitter makes; a run from the bundle writes the stored text, or makes it when there is none', async () => {
    // Stored by bin's bundling, made by the bundle's own code: the sources make the same.
    expect(readFileSync(join(pkg, BUNDLE_DIR, STORED_SCHEMA), 'utf8')).toBe(modelSchemaText());
    // A copy whose stored text is another: a full run writes that text, so it read it.
    const copy = copyPackage('stored-schema');
    const stored = join(copy, BUNDLE_DIR, STORED_SCHEMA);
    writeFileSync(stored, '{"stored": true}\n');
    const model = join(tempDir('stored-schema-model'), 'model.json');
    writeFileSync(model, JSON.stringify(fixtureInput));
    const dest = join(tempDir('stored-schema'), 'out');
    const generate = async () => {
      const result = await execa('node', [join(copy, 'bin', 'ct-gen.js'), 'generate', '--dest', dest, '--model', model], { reject: false, env: { CT_GEN_NO_FAST_PATH: '1' } });
      expect(result.exitCode, result.stderr).toBe(0);
      return readFileSync(join(dest, fixture.layout.modelSchema), 'utf8');
    };
    expect(await generate()).toBe('{"stored": true}\n');
    rmSync(stored);
    expect(await generate()).toBe(modelSchemaText());
  });
});

describe('memory', () => {
  const young = join(import.meta.dirname, '..', 'support', 'young-generation.mjs');
  const MiB = 1024 * 1024;

  /**
   * V8 doubles its young generation while enough of it survives, to two 16 MiB halves; a ct-gen
   * run that loads dist/ keeps it at the size it starts with (bin/ct-gen.js), the most of a full
   * run's peak memory that held nothing (bench/README.md). Node 20 to 26 report it at 2 MiB at
   * most once used; grown, it is 4 MiB for a lint of the generated tree and 16 MiB or more for
   * generate and check of Codetracer's model.
   */
  it('a run that loads dist/ keeps the young generation at its first size, and says nothing of it', async () => {
    const dest = join(tempDir('young-generation'), 'out');
    const runs: [string[], RegExp | undefined][] = [
      [['generate', '--no-cache', '--dest', dest], undefined],
      [['check', '--no-cache', '--dest', dest], undefined],
      [['lint', '--no-cache', dest], undefined],
      // With the model a full lint recorded: bin/ct-gen.js lints from it, without yargs.
      [['lint', dest], /^ct-gen: linted with the model recorded for [0-9a-f]{64}$/m],
    ];
    for (const [args, trace] of runs) {
      const out = join(tempDir('young-generation-size'), 'size.json');
      const result = await execa('node', ['--import', young, bin, ...args], { reject: false, env: { CT_GEN_YOUNG_GENERATION: out, CT_GEN_TRACE_FAST: trace ? '1' : '' } });
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      // A V8 that did not know the flag would say so on stderr ("unrecognized flag").
      expect(result.stderr, args.join(' ')).not.toMatch(/flag/i);
      if (trace) expect(result.stderr).toMatch(trace);
      const size = Number(readFileSync(out, 'utf8'));
      expect(size, args.join(' ')).toBeGreaterThan(0);
      expect(size, args.join(' ')).toBeLessThan(4 * MiB);
    }
  });
});

describe('the optimising compiler', () => {
  /**
   * V8's TurboFan compiles hot functions on other threads: CPU a run of a second or two does not
   * earn back, so bin/ct-gen.js turns it off before loading dist/, but for lint, whose scan of a
   * large tree it pays off for. Counted with --trace-opt: what V8 finished optimising.
   */
  const optimised = async (args: string[]) => {
    const result = await execa('node', ['--trace-opt', bin, ...args], { reject: false, env: { CT_GEN_NO_FAST_PATH: '1' } });
    expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    // A V8 that did not know the flag would say so on stderr ("unrecognized flag").
    expect(result.stderr, args.join(' ')).not.toMatch(/flag/i);
    return result.stdout.split('\n').filter((line) => /^\[completed optimizing .*\(target TURBOFAN\)\]$/.test(line)).length;
  };

  it('is off for a run that loads dist/ (only what bin itself ran before is optimised), on for lint', async () => {
    const dest = join(tempDir('optimising'), 'out');
    const generate = await optimised(['generate', '--no-cache', '--dest', dest]);
    const check = await optimised(['check', '--no-cache', '--dest', dest]);
    const list = await optimised(['list']);
    const lint = await optimised(['lint', '--no-cache', dest]);
    for (const [command, count] of [['generate', generate], ['check', check], ['list', list]] as const) expect(count, command).toBeLessThan(10);
    expect(lint).toBeGreaterThan(Math.max(generate, check, list));
  });
});
