import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import { copyModel, edit, reportOf } from './model-copy.js';

/** The targets that take the shared entry-point bundle list (by value: the model spreads one constant). */
const entrypointTargets = codetracer.targets.filter((t) => JSON.stringify(t.bundles) === JSON.stringify(codetracer.targets.find((x) => x.name === 'ct')!.bundles)).map((t) => t.name);

/**
 * Deliberate mistakes in a copy of the Codetracer model: each problem is printed at the
 * file:line:col of the source that wrote the value, once, however many places reach it.
 */
describe('validation problems at their source (the Codetracer model)', () => {
  it('a misspelled field, at the field, with the field it was meant to be', async () => {
    const root = copyModel();
    const at = edit(root, 'model/codetracer/targets.ts', 'extraOutputs: [sourceMap],', 'extraOutput: [sourceMap],');
    const report = await reportOf(root);
    expect(report.split('\n')[0]).toBe(`model/codetracer/targets.ts:${at.line}:${at.column}: targets["js:index"]: unknown field "extraOutput"; did you mean "extraOutputs"?`);
    expect(report).toMatch(/ct-gen: invalid model \(model\/codetracer\): 1 problem\n$/);
  });

  it('an unknown bundle in a constant several surface calls spread: printed once, at the constant, with the calls that use it', async () => {
    const root = copyModel();
    const at = edit(
      root,
      'model/codetracer/surfaces.ts',
      "const packagedBinary = { withoutBundles: ['common',",
      "const packagedBinary = { withoutBundles: ['comon',",
      "'comon'",
    );
    const report = await reportOf(root);
    const lines = report.trimEnd().split('\n');
    expect(lines[0]).toBe(`model/codetracer/surfaces.ts:${at.line}:${at.column}: packagedBinary.withoutBundles[0]: unknown bundle "comon"; did you mean "common"?`);
    // The calls that spread packagedBinary, the macOS, AppImage and Nix binaries among them.
    expect(lines[1]).toMatch(/^ {2}used by surfaces\.invocations\[/);
    for (const id of ['macos:ct', 'macos:db-backend-record', 'appimage:ct', 'nix:db-backend-record']) expect(lines[1]).toContain(`["${id}"]`);
    expect(report.match(/"comon"/g)).toHaveLength(1);
    expect(lines.at(-1)).toBe('ct-gen: invalid model (model/codetracer): 1 problem');
  });

  it('an unknown bundle in a constant two targets share, imported into the model from targets.ts', async () => {
    const root = copyModel();
    const at = edit(root, 'model/codetracer/targets.ts', "const entrypointBundles = ['entrypoint',", "const entrypointBundles = ['entrypont',", "'entrypont'");
    const lines = (await reportOf(root)).trimEnd().split('\n');
    expect(lines).toEqual([
      `model/codetracer/targets.ts:${at.line}:${at.column}: entrypointBundles[0]: unknown bundle "entrypont"; did you mean "entrypoint"?`,
      `  used by targets${entrypointTargets.map((name) => `["${name}"].bundles`).join(', ')}`,
      'ct-gen: invalid model (model/codetracer): 1 problem',
    ]);
  });

  it('a duplicate output, at the second target’s output', async () => {
    const root = copyModel();
    const at = edit(root, 'model/codetracer/targets.ts', "output: 'ui.js',", "output: 'index.js',", "'index.js'");
    const lines = (await reportOf(root)).trimEnd().split('\n');
    const index = codetracer.targets.findIndex((t) => t.name === 'js:index');
    expect(lines[0]).toBe(`model/codetracer/targets.ts:${at.line}:${at.column}: targets["js:ui"].output: "index.js" is already the output of targets[${index}] (js:index)`);
  });

  it('a bad target source, at the string', async () => {
    const root = copyModel();
    const at = edit(root, 'model/codetracer/targets.ts', "source: 'src/ct/codetracer.nim',", "source: 'src/ct/codetracer.rs',", "'src/ct/codetracer.rs'");
    const lines = (await reportOf(root)).trimEnd().split('\n');
    expect(lines).toEqual([
      `model/codetracer/targets.ts:${at.line}:${at.column}: targets["ct"].source: must end with .nim (got "src/ct/codetracer.rs")`,
      'ct-gen: invalid model (model/codetracer): 1 problem',
    ]);
  });

  it('a Tup rule output another rule has, at the output, though Tup rules name their node by its directory', async () => {
    const root = copyModel();
    const at = edit(root, 'model/codetracer/tup.ts', "{ kind: 'nim', target: 'db-backend-record', output: 'bin/db-backend-record' },", "{ kind: 'nim', target: 'db-backend-record', output: 'bin/ct' },", "'bin/ct'");
    const rules = codetracer.tup.nodes.find((n) => n.dir === 'ct')!.rules!;
    const [first, second] = ['ct', 'db-backend-record'].map((t) => rules.findIndex((r) => r.kind === 'nim' && r.target === t));
    const lines = (await reportOf(root)).trimEnd().split('\n');
    expect(lines).toEqual([
      `model/codetracer/tup.ts:${at.line}:${at.column}: tup.nodes["ct"].rules[${second}].output: "bin/ct" is already produced by tup.nodes["ct"].rules[${first}]`,
      'ct-gen: invalid model (model/codetracer): 1 problem',
    ]);
  });

  it('an unknown profile in a spread constant, through two levels of spreads', async () => {
    const root = copyModel();
    const at = edit(root, 'model/codetracer/surfaces.ts', "const nimDefaults = { profile: 'plain' };", "const nimDefaults = { profile: 'plian' };", "'plian'");
    const lines = (await reportOf(root)).trimEnd().split('\n');
    expect(lines[0]).toBe(`model/codetracer/surfaces.ts:${at.line}:${at.column}: nimDefaults.profile: unknown profile "plian"; did you mean "plain"?`);
    // packagedSubwindow spreads packagedRenderer, which spreads nimDefaults: the calls are the uses.
    expect(lines[1]).toContain('["macos:subwindow.js"]');
    expect(lines[1]).toMatch(/^ {2}used by surfaces\.invocations\[/);
    for (const id of ['just:build-ui-js', 'just:build-ui-js-hmr']) expect(lines[1]).toContain(`["${id}"]`);
    expect(lines).toHaveLength(3);
  });
});
