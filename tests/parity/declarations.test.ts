import { describe, expect, it } from 'vitest';
import { failed, parityReport, type ParityReport } from '../../generator/parity/compare.js';
import { parityJson, parityText } from '../../generator/parity/report.js';
import { origin, resolveSurfaces } from '../../generator/resolve/surfaces.js';
import { editedFixture, lineDirOff, surfaceFixture, type EditableFixture } from '../support/surface-fixture.js';
import { validateModel } from '../../generator/model.js';
import { emitPackaging } from '../../generator/families/packaging/emit.js';
import { resolveModel } from '../../generator/resolve/view.js';

const lineDirChange = { setting: '--lineDir', from: '--lineDir:on', to: '--lineDir:off', reason: 'test: line directives off in debug builds' };
const statuses = (report: ParityReport) => Object.fromEntries(report.rows.map((r) => [r.id, r.status]));
const rowOf = (report: ParityReport, id: string) => report.rows.find((r) => r.id === id)!;
const reportOf = (...edits: ((m: EditableFixture) => void)[]) => parityReport(surfaceFixture((m) => edits.forEach((edit) => edit(m))));

describe('declared changes on a bundle, profile or target', () => {
  it('the fixture rates every row identical or equivalent', () => {
    const report = reportOf();
    expect(statuses(report)).toEqual({ 'tup/debug/bin/app': 'identical', 'nix:app': 'equivalent', 'just:page': 'equivalent', 'appimage:app': 'equivalent' });
    expect(failed(report)).toBe(false);
  });

  it('a Tup compile that differs only in where nimcache goes is equivalent, with nothing to declare', () => {
    const report = parityReport(validateModel(editedFixture((m) => {
      const tup = (m.baseline as { invocations: { argv: string[] }[] }).invocations[0]!;
      tup.argv = tup.argv.filter((w) => !w.startsWith('--nimcache:'));
    })));
    expect(rowOf(report, 'tup/debug/bin/app')).toMatchObject({ status: 'equivalent', added: ['--nimcache added'], notes: [], suggestions: [] });
  });

  it('without a declaration, the bundle change is undeclared on the Tup compile and the surface call that apply the bundle', () => {
    const report = reportOf(lineDirOff);
    expect(statuses(report)).toEqual({ 'tup/debug/bin/app': 'undeclared', 'nix:app': 'undeclared', 'just:page': 'equivalent', 'appimage:app': 'equivalent' });
    expect(failed(report)).toBe(true);
  });

  const owners: [string, (m: EditableFixture) => void, string, string][] = [
    ['bundle', (m) => (m.bundles.find((b) => b.name === 'dbg')!.declaredChanges = [lineDirChange]), 'bundle dbg', 'bundles[2].declaredChanges[0]'],
    ['profile', (m) => (m.profiles.find((p) => p.name === 'debug')!.declaredChanges = [lineDirChange]), 'profile debug', 'profiles[0].declaredChanges[0]'],
    ['target', (m) => (m.targets.find((t) => t.name === 'app')!.declaredChanges = [lineDirChange]), 'target app', 'targets[0].declaredChanges[0]'],
  ];
  it.each(owners)('one declaration on the %s covers every row inheriting it, the Tup compile included', (_owner, declare, on, at) => {
    const report = reportOf(lineDirOff, declare);
    expect(statuses(report)).toEqual({ 'tup/debug/bin/app': 'declared', 'nix:app': 'declared', 'just:page': 'equivalent', 'appimage:app': 'equivalent' });
    for (const id of ['tup/debug/bin/app', 'nix:app']) {
      expect(rowOf(report, id).declared).toEqual([{ ...lineDirChange, on, at }]);
      expect(rowOf(report, id).notes).toEqual([]);
    }
    // A row that inherits the declaration where it does not occur lists nothing and stays as it was.
    expect(rowOf(report, 'just:page').declared).toEqual([]);
    expect(report.unused).toEqual([]);
    expect(failed(report)).toBe(false);
    expect(parityText(report)).toContain(`    declared by ${on}: --lineDir: --lineDir:on -> --lineDir:off (test: line directives off in debug builds)`);
  });

  it('a bundle a call leaves out is not inherited', () => {
    const report = reportOf(lineDirOff, (m) => {
      m.bundles.find((b) => b.name === 'dbg')!.declaredChanges = [lineDirChange];
      m.surfaces.invocations[0]!.withoutBundles = ['dbg'];
    });
    expect(rowOf(report, 'nix:app').status).toBe('undeclared');
    expect(rowOf(report, 'nix:app').removed).toEqual(['-d:debug', '--lineDir:on']);
    expect(rowOf(report, 'nix:app').declared).toEqual([]);
  });

  it('a surface call\'s own declaration still covers its row, and only its row', () => {
    const report = reportOf(lineDirOff, (m) => (m.surfaces.invocations[0]!.declaredChanges = [lineDirChange]));
    expect(statuses(report)).toMatchObject({ 'tup/debug/bin/app': 'undeclared', 'nix:app': 'declared' });
    expect(rowOf(report, 'nix:app').declared).toEqual([{ ...lineDirChange, on: 'call', at: 'surfaces.invocations[0].declaredChanges[0]' }]);
  });

  it('a declaration that occurs on no row is reported once, with the rows inheriting it, and fails parity', () => {
    const report = reportOf((m) => (m.bundles.find((b) => b.name === 'rel')!.declaredChanges = [{ setting: '--threads', to: '--threads:on', reason: 'test: release builds with threads' }]));
    expect(statuses(report)).toEqual({ 'tup/debug/bin/app': 'identical', 'nix:app': 'equivalent', 'just:page': 'equivalent', 'appimage:app': 'equivalent' });
    expect(report.unused).toEqual([{
      declaration: { setting: '--threads', to: '--threads:on', reason: 'test: release builds with threads', on: 'bundle rel', at: 'bundles[3].declaredChanges[0]' },
      rows: ['appimage:app'], undeclared: [], differing: [],
    }]);
    expect(failed(report)).toBe(true);
    const text = parityText(report);
    expect(text).toContain([
      'Declared changes that occur on no row:',
      '  bundles[3].declaredChanges[0] (bundle rel): --threads: + --threads:on',
      '    it occurs on none of the rows that inherit it (appimage:app); nothing differs there',
    ].join('\n'));
    expect(text.trimEnd().split('\n').at(-1)).toBe('4 legacy invocations: 1 identical, 3 equivalent, 0 declared, 0 undeclared, 0 dead; 1 declared change occurring nowhere');
    expect(JSON.parse(parityJson(report)).unusedDeclarations).toEqual([
      { setting: '--threads', to: '--threads:on', reason: 'test: release builds with threads', on: 'bundle rel', at: 'bundles[3].declaredChanges[0]', inheritedBy: ['appimage:app'], undeclared: [], differing: [] },
    ]);
  });

  it('a declaration no row inherits says so', () => {
    const report = reportOf((m) => (m.targets.find((t) => t.name === 'tool')!.declaredChanges = [{ setting: 'nim', from: 'nim', to: 'nim2', reason: 'test: nothing builds tool here' }]));
    expect(parityText(report)).toContain('  targets[2].declaredChanges[0] (target tool): nim: nim -> nim2\n    no row inherits it\n');
  });
});

describe('a declaration under the wrong setting key', () => {
  const wrong = { ...lineDirChange, setting: 'lineDir' };

  it('on a bundle: reported once with the undeclared settings of the rows inheriting it', () => {
    const report = reportOf(lineDirOff, (m) => (m.bundles.find((b) => b.name === 'dbg')!.declaredChanges = [wrong]));
    expect(statuses(report)).toMatchObject({ 'tup/debug/bin/app': 'undeclared', 'nix:app': 'undeclared' });
    expect(report.unused).toHaveLength(1);
    expect(report.unused[0]!.undeclared).toEqual([{ setting: '--lineDir', rows: ['tup/debug/bin/app', 'nix:app'] }]);
    expect(parityText(report)).toContain([
      '  bundles[2].declaredChanges[0] (bundle dbg): lineDir: --lineDir:on -> --lineDir:off',
      '    it occurs on none of the rows that inherit it (3 rows); the undeclared settings there: "--lineDir" (2 rows)',
    ].join('\n'));
  });

  it('on a surface call: its row says which settings differ there', () => {
    const row = rowOf(reportOf(lineDirOff, (m) => (m.surfaces.invocations[0]!.declaredChanges = [wrong])), 'nix:app');
    expect(row.status).toBe('undeclared');
    expect(row.notes).toEqual([
      'declared change lineDir: --lineDir:on -> --lineDir:off does not occur; no setting "lineDir" differs here; the settings that differ: "--lineDir"',
      'undeclared: --lineDir:on -> --lineDir:off',
    ]);
  });

  it('with the right key and other values: its row says how the setting differs', () => {
    const row = rowOf(reportOf(lineDirOff, (m) => (m.surfaces.invocations[0]!.declaredChanges = [{ ...lineDirChange, to: '--lineDir:of' }])), 'nix:app');
    expect(row.notes[0]).toBe('declared change --lineDir: --lineDir:on -> --lineDir:of does not occur; here --lineDir: --lineDir:on -> --lineDir:off');
  });
});

/** The list a place's path names in a model input: `bundles[2].declaredChanges`. */
function listAt(input: object, path: string): object[] {
  const keys = path.match(/[A-Za-z]+|\d+/g)!;
  let node = input as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  node[last] ??= [];
  return node[last] as object[];
}

describe('copyable declarations', () => {
  const report = reportOf(lineDirOff);

  it('each undeclared difference comes with the declaration that covers it and where it may go', () => {
    expect(rowOf(report, 'tup/debug/bin/app').suggestions).toEqual([{
      difference: '--lineDir: on -> off',
      declaration: { setting: '--lineDir', from: '--lineDir:on', to: '--lineDir:off', reason: '…' },
      on: [
        { on: 'bundle dbg', path: 'bundles[2].declaredChanges' },
        { on: 'target app', path: 'targets[0].declaredChanges' },
        { on: 'profile debug', path: 'profiles[0].declaredChanges' },
      ],
    }]);
    expect(rowOf(report, 'nix:app').suggestions[0]!.on).toEqual([
      { on: 'bundle dbg', path: 'bundles[2].declaredChanges' },
      { on: 'call', path: 'surfaces.invocations[0].declaredChanges' },
    ]);
    expect(JSON.parse(parityJson(report)).invocations[1].suggestions).toEqual(rowOf(report, 'nix:app').suggestions);
    expect(parityText(report)).toContain([
      'nix       nix/default.nix:12  app      debug    undeclared',
      '    ~ --lineDir:on -> --lineDir:off',
      '    ! undeclared: --lineDir:on -> --lineDir:off',
      '      declare in bundles[2].declaredChanges (bundle dbg) or surfaces.invocations[0].declaredChanges (this call):',
      "        { setting: '--lineDir', from: '--lineDir:on', to: '--lineDir:off', reason: '…' }",
    ].join('\n'));
  });

  it.each([0, 1, 2])('the printed declaration, pasted with a reason into the Tup row\'s place %i, makes the row declared', (place) => {
    const lines = parityText(report).split('\n');
    const at = lines.findIndex((l) => l.startsWith('tup '));
    const where = lines[at + 3]!.match(/([a-z]+\[\d+\]\.declaredChanges)/g)!;
    // eslint-disable-next-line no-new-func -- the printed literal is what a person pastes into a TypeScript model file
    const pasted = new Function(`return ${lines[at + 4]!.trim()}`)() as { reason: string };
    expect(() => validateModel(editedFixture((m) => { lineDirOff(m); listAt(m, where[place]!).push(pasted); }))).toThrow('must say why (at least a sentence)');
    pasted.reason = 'test: line directives off in debug builds';
    const fixed = parityReport(validateModel(editedFixture((m) => { lineDirOff(m); listAt(m, where[place]!).push(pasted); })));
    expect(rowOf(fixed, 'tup/debug/bin/app').status).toBe('declared');
  });

  it('quotes a value the way a TypeScript string literal needs it', () => {
    const row = rowOf(reportOf((m) => (m.surfaces.invocations[0]!.defines = ["say=it's \\here"])), 'nix:app');
    expect(row.suggestions[0]!.declaration).toEqual({ setting: '-d:say', to: "-d:say=it's \\here", reason: '…' });
    expect(parityText(reportOf((m) => (m.surfaces.invocations[0]!.defines = ["say=it's \\here"])))).toContain("{ setting: '-d:say', to: '-d:say=it\\'s \\\\here', reason: '…' }");
  });
});

describe('surface calls that build new artefacts', () => {
  const addTool = (m: EditableFixture) => m.surfaces.invocations.push({ surface: 'appimage', unit: 'binaries', target: 'tool', profile: 'release', output: '${APP_DIR}/tool' });

  it('are listed as new, after the legacy invocations, and do not fail parity', () => {
    const report = reportOf(addTool);
    const row = rowOf(report, 'surfaces.invocations[3]');
    expect(row).toMatchObject({ surface: 'appimage', target: 'tool', profile: 'release', status: 'new', legacyFile: '', declared: [], suggestions: [] });
    expect(row.current.argv).toContain('--out:${APP_DIR}/tool');
    expect(report.rows.at(-1)).toBe(row);
    expect(failed(report)).toBe(false);
    const text = parityText(report);
    expect(text).toMatch(/^appimage +\(new\) +tool +release +new$/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe('4 legacy invocations: 1 identical, 3 equivalent, 0 declared, 0 undeclared, 0 dead; 1 new surface call');
  });

  it('are placed in their surface\'s units by the emitters', () => {
    const [unit] = resolveSurfaces(surfaceFixture(addTool)).appimage!;
    expect(unit!.calls.map((c) => [c.call.target, c.legacy?.id, origin(c)])).toEqual([
      ['app', 'appimage:app', 'package.sh:7'],
      ['tool', undefined, 'nothing (a new artefact)'],
    ]);
    const [script] = emitPackaging(resolveModel(surfaceFixture(addTool)));
    expect(script!.content).toContain('# replaces nothing (a new artefact)');
    expect(script!.content).toMatch(/--target tool \\\n\s+--profile release/);
  });
});
