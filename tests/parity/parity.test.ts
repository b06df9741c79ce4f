import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import type { ModelInput } from '../../model/schema/index.js';
import { validateModel } from '../../generator/model.js';
import { computeParity, failed, parityReport } from '../../generator/parity/compare.js';
import { parityJson, parityText } from '../../generator/parity/report.js';
import { tempDir } from '../support/tree.js';
import { model } from '../support/model.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'ct-gen.js');

/** The Codetracer model with one surface call edited. */
function edited(legacyId: string, change: Record<string, unknown>): ModelInput {
  const input = structuredClone(codetracer) as ModelInput & { surfaces: { invocations: { legacy: string }[] } };
  const call = input.surfaces.invocations.find((s) => s.legacy === legacyId)!;
  Object.assign(call, change);
  return input;
}

function rowOf(input: ModelInput, id: string) {
  return computeParity(validateModel(input)).find((r) => r.id === id)!;
}

/** Every row parity lists: the recorded Tup compiles, the surfaces' legacy invocations, the dead ones, then the new surface calls. */
const allIds = [
  ...(model.baseline?.invocations ?? []).filter((i) => i.surface === 'tup').map((i) => i.id),
  ...model.legacy.invocations.map((i) => i.id),
  ...model.legacy.dead.map((i) => i.id),
  ...model.surfaces.invocations.flatMap((call, i) => (call.legacy === undefined ? [`surfaces.invocations[${i}]`] : [])),
];

describe('parity of the Codetracer model', () => {
  const report = parityReport(model);
  const { rows } = report;

  it('covers every recorded Tup compile and every legacy invocation of the surfaces, none undeclared', () => {
    expect(rows.map((r) => r.id)).toEqual(allIds);
    expect(rows.filter((r) => r.status === 'undeclared')).toEqual([]);
    expect(report.unused).toEqual([]);
    expect(failed(report)).toBe(false);
  });

  it('rates a row declared only where the model declares a change it has, and every call-level declaration occurs', () => {
    const declared = rows.filter((r) => r.status === 'declared');
    for (const row of declared) {
      expect(row.declared.length, row.id).toBeGreaterThan(0);
      expect(row.notes, row.id).toEqual([]);
    }
    // A call that declares changes gets them: its row is declared, never identical or equivalent.
    const callDeclares = new Set(model.surfaces.invocations.filter((c) => c.declaredChanges.length > 0).flatMap((c) => [c.legacy, ...c.alsoReplaces]));
    expect(rows.filter((r) => callDeclares.has(r.id) && r.status !== 'declared').map((r) => `${r.id} ${r.status}`)).toEqual([]);
    // Every reprobuild action is listed.
    expect(new Set(rows.filter((r) => r.surface === 'repro').map((r) => r.target))).toEqual(
      new Set(['js:ipc-registry-test', 'js:reload-reconnect-test', 'js:ui', 'js:index', 'js:server-index', 'js:subwindow', 'db-backend-record', 'ct']),
    );
  });

  it('lists the Nix console derivation, whose source does not exist, as dead and models no artefact for it', () => {
    const dead = rows.filter((r) => r.status === 'dead');
    expect(dead.map((r) => [r.id, r.legacyFile, r.target])).toEqual([['nix:console', 'nix/packages/default.nix', '']]);
    expect(dead[0]!.notes[0]).toMatch(/^src\/repl\/repl\.nim: /);
    expect(model.surfaces.invocations.some((s) => s.legacy === 'nix:console')).toBe(false);
  });

  it('reports as committed', async () => {
    await expect(parityText(report)).toMatchFileSnapshot('../../snapshots/parity/parity.txt');
    await expect(parityJson(report)).toMatchFileSnapshot('../../snapshots/parity/parity.json');
  });
});

describe('parity catches what changes', () => {
  it('a dropped define is undeclared', () => {
    const row = rowOf(edited('appimage:ct', { defines: ['staticStd', 'libcPath=libc', 'pathToNodeModules=../node_modules'] }), 'appimage:ct');
    expect(row.status).toBe('undeclared');
    expect(row.removed).toEqual(['-d:useOpenssl3']);
    expect(row.notes).toEqual(['undeclared: -d:useOpenssl3']);
  });

  it('keeping the Tup dev bundle in a package is undeclared, setting by setting', () => {
    const row = rowOf(edited('nix:ct', { withoutBundles: ['common', 'repo-paths', 'dynlib-overrides'] }), 'nix:ct');
    expect(row.status).toBe('undeclared');
    // The bundle's --warnings:on and --hints:on are overridden by later switches, so they change nothing.
    expect(row.notes).toEqual(['undeclared: -d:withTup', 'undeclared: -d:useOpenssl3']);
  });

  it('a difference the model declares is declared', () => {
    const input = edited('nix:ct', {
      withoutBundles: ['common', 'repo-paths', 'dynlib-overrides'],
      declaredChanges: [
        { setting: '-d:withTup', to: '-d:withTup', reason: 'test: the package looks its helpers up like the Tup build' },
        { setting: '-d:useOpenssl3', to: '-d:useOpenssl3', reason: 'test: the package links OpenSSL 3 like every other build' },
      ],
    });
    const row = rowOf(input, 'nix:ct');
    expect(row.status).toBe('declared');
    expect(row.notes).toEqual([]);
  });

  it('a declared change covers its exact values only', () => {
    const flags = (codetracer.surfaces!.invocations as { legacy: string; flags: string[] }[]).find((s) => s.legacy === 'nix:index.js')!.flags;
    const change = (to: string) => edited('nix:index.js', { flags: [...flags, '--threads:on'], declaredChanges: [{ setting: '--threads', to, reason: 'test: the bundle runs with threads' }] });
    expect(rowOf(change('--threads:on'), 'nix:index.js').status).toBe('declared');
    const wrong = rowOf(change('--threads:maybe'), 'nix:index.js');
    expect(wrong.status).toBe('undeclared');
    expect(wrong.notes).toEqual(['declared change --threads: + --threads:maybe does not occur; here --threads: + --threads:on', 'undeclared: --threads:on']);
  });

  it('a declared addition does not cover a removal of the same setting', () => {
    const row = rowOf(edited('nix:ct', { flags: ['--passL:${pkgs.sqlite.out}/lib/libsqlite3.so.0'], declaredChanges: [{ setting: '--hints', to: '--hints:off', reason: 'test: names the setting, not the difference' }] }), 'nix:ct');
    expect(row.status).toBe('undeclared');
    expect(row.notes).toEqual(['declared change --hints: + --hints:off does not occur; here --hints: - --hints:off', 'undeclared: --hints:off']);
  });

  it('a declared change that does not happen fails', () => {
    const row = rowOf(edited('nix:index.js', { declaredChanges: [{ setting: '--threads', from: '--threads:on', to: '--threads:off', reason: 'test: claims a change that is not there' }] }), 'nix:index.js');
    expect(row.status).toBe('undeclared');
    expect(row.notes).toEqual(['declared change --threads: --threads:on -> --threads:off does not occur; nothing differs here']);
  });

  it('every declaration of the surface calls, dropped, is suggested back exactly: pasted into each call, the same rows are declared', () => {
    const bare = structuredClone(codetracer) as ModelInput & { surfaces: { invocations: { declaredChanges?: object[] }[] } };
    for (const call of bare.surfaces.invocations) delete call.declaredChanges;
    const undeclared = parityReport(validateModel(bare)).rows.filter((r) => r.status === 'undeclared');
    const callDeclares = new Set(model.surfaces.invocations.filter((c) => c.declaredChanges.length > 0).flatMap((c) => [c.legacy, ...c.alsoReplaces]));
    expect(undeclared.map((r) => r.id)).toEqual(computeParity(model).filter((r) => callDeclares.has(r.id)).map((r) => r.id));
    for (const row of undeclared) {
      for (const suggestion of row.suggestions) {
        const place = suggestion.on.find((p) => p.on === 'call')!;
        const index = Number(/^surfaces\.invocations\[(\d+)\]/.exec(place.path)![1]);
        (bare.surfaces.invocations[index]!.declaredChanges ??= []).push({ ...suggestion.declaration, reason: 'test: pasted from the suggestion' });
      }
    }
    const again = parityReport(validateModel(bare));
    // Pasted back, every row rates as it does in the model: the suggestions were the declarations.
    expect(again.rows.map((r) => `${r.id} ${r.status}`)).toEqual(computeParity(model).map((r) => `${r.id} ${r.status}`));
    expect(failed(again)).toBe(false);
  });

  it('a packaged subwindow that keeps the dev build\'s --sourcemap is undeclared, even with --sourcemap:off', () => {
    const row = rowOf(edited('appimage:subwindow.js', { withoutBundles: ['renderer'], flags: ['--hints:off', '--warnings:off', '--hotCodeReloading:off', '--sourcemap:off'] }), 'appimage:subwindow.js');
    expect(row.status).toBe('undeclared');
    expect(row.added).toEqual(['--sourcemap:on', '--lineDir:on']);
  });
});

describe('ct-gen parity (the CLI)', () => {
  it('lists every invocation as JSON and exits 0', async () => {
    const result = await execa('node', [bin, 'parity', '--format', 'json'], { reject: false });
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout) as { invocations: { surface: string; target: string; legacyFile: string; legacyLine: number; status: string; added: string[]; removed: string[]; changed: string[] }[] };
    expect(json.invocations).toHaveLength(allIds.length);
    for (const row of json.invocations) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['surface', 'target', 'legacyFile', 'legacyLine', 'status', 'added', 'removed', 'changed']));
      expect(row.status).not.toBe('undeclared');
    }
    // The totals the text prints, counted from the rows.
    const { summary } = JSON.parse(result.stdout) as { summary: Record<string, number> };
    const legacy = json.invocations.filter((r) => r.status !== 'new');
    expect(summary).toEqual({
      legacy: legacy.length,
      ...Object.fromEntries(['identical', 'equivalent', 'declared', 'undeclared', 'dead'].map((s) => [s, legacy.filter((r) => r.status === s).length])),
      new: json.invocations.length - legacy.length,
      unusedDeclarations: 0,
    });
    expect(parityText(parityReport(model))).toContain(`${summary.legacy} legacy invocations: ${summary.identical} identical, ${summary.equivalent} equivalent, ${summary.declared} declared, ${summary.undeclared} undeclared, ${summary.dead} dead`);
  });

  it('prints a table with totals', async () => {
    const result = await execa('node', [bin, 'parity'], { reject: false });
    expect(result.exitCode).toBe(0);
    // A platform column once a Tup variant or a call builds for a named platform; each such row names it.
    const named = [...model.tup.variants.filter((v) => v.platform !== undefined), ...model.surfaces.invocations.filter((c) => c.platform !== undefined)];
    expect(result.stdout).toMatch(named.length > 0 ? /^SURFACE\s+LEGACY\s+TARGET\s+PROFILE\s+PLATFORM\s+STATUS$/m : /^SURFACE\s+LEGACY\s+TARGET\s+PROFILE\s+STATUS$/m);
    for (const variant of model.tup.variants.filter((v) => v.platform !== undefined)) {
      expect(result.stdout).toMatch(new RegExp(`^tup\\s+\\S+\\s+\\S+\\s+${variant.profile}\\s+${variant.platform}\\s`, 'm'));
    }
    const fresh = model.surfaces.invocations.filter((c) => c.legacy === undefined).length;
    const news = fresh === 0 ? '' : `; ${fresh} new surface calls?`;
    expect(result.stdout).toMatch(new RegExp(`^${allIds.length - fresh} legacy invocations: \\d+ identical, \\d+ equivalent, \\d+ declared, 0 undeclared, 1 dead${news}$`, 'm'));
  });

  it('exits 1 and names the difference when a surface drifts', async () => {
    const file = join(tempDir('parity'), 'model.json');
    writeFileSync(file, JSON.stringify(edited('appimage:ct', { flags: ['--hints:off'] })));
    const result = await execa('node', [bin, 'parity', '--model', file], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/appimage\s+appimage-scripts\/build_with_nim\.sh:21\s+ct\s+release\s+(?:\S+\s+)?undeclared/);
    expect(result.stdout).toContain('~ --hints:on -> --hints:off');
  });

  it('exits 2 on bad usage', async () => {
    const result = await execa('node', [bin, 'parity', '--format', 'yaml'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/format/);
  });
});
