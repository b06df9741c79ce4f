import { describe, expect, it } from 'vitest';
import { codetracer } from '../../model/codetracer/index.js';
import type { ModelInput } from '../../model/schema/index.js';
import { modelIssues } from '../support/model-issues.js';
import { fixtureIssues, type EditableFixture } from '../support/surface-fixture.js';
import { SURFACES } from '../../generator/families/registry.js';

/** The surfaces a new artefact may be built in, as the rules list them. */
const newCallSurfaces = SURFACES.filter((s) => s.newCalls === true).map((s) => s.kind).join(', ');

type Editable = ModelInput & { surfaces: { invocations: Record<string, unknown>[] }; legacy: { invocations: Record<string, unknown>[] } };

const issues = (edit: (m: Editable) => void) => modelIssues(edit);
/** The surface call that replaces a legacy invocation. */
const call = (m: Editable, legacy: string) => m.surfaces.invocations.find((s) => s.legacy === legacy)! as Record<string, unknown>;
const indexOf = (legacy: string) => (codetracer.surfaces as { invocations: { legacy: string }[] }).invocations.findIndex((s) => s.legacy === legacy);
/** The first call of the Nix surface, whose nim the others must share. */
const firstNixCall = (codetracer.surfaces as { invocations: { legacy?: string; surface?: string }[] }).invocations.findIndex(
  (s) => s.surface === 'nix' || (s.legacy !== undefined && s.legacy.startsWith('nix:')),
);
/** Where a legacy invocation stands in the baseline. */
const legacyAt = (id: string) => (codetracer.legacy as { invocations: { id: string }[] }).invocations.findIndex((l) => l.id === id);
/** Where the --out: word of a legacy invocation stands in its argv. */
const outWordAt = (id: string) => (codetracer.legacy as { invocations: { id: string; argv: string[] }[] }).invocations[legacyAt(id)]!.argv.findIndex((w) => w.startsWith('--out:'));
/** Where a target stands in the model. */
const targetAt = (name: string) => codetracer.targets.findIndex((t) => t.name === name);
/** The target a legacy invocation builds. */
const targetOf = (id: string) => (codetracer.legacy as { invocations: { id: string; target: string }[] }).invocations[legacyAt(id)]!.target;

describe('cross-field rules of the legacy baseline and the surfaces', () => {
  it('the Codetracer model is valid', () => expect(issues(() => {})).toEqual([]));

  const cases: [string, (m: Editable) => void, string[]][] = [
    ['unknown legacy id', (m) => (call(m, 'just:build-ui-js').legacy = 'just:nope'), [
      `surfaces.invocations[${indexOf('just:build-ui-js')}].legacy: unknown legacy invocation "just:nope"; known: ${(codetracer.legacy as { invocations: { id: string }[] }).invocations.map((l) => l.id).join(', ')}`,
      `legacy.invocations[${legacyAt('just:build-ui-js')}].id: legacy invocation "just:build-ui-js" is replaced by no surface call; add one to surfaces.invocations`,
    ]],
    ['a legacy invocation replaced twice', (m) => (call(m, 'extension:middleware').legacy = 'extension:ui'), [
      `surfaces.invocations[${indexOf('extension:middleware')}].legacy: legacy invocation "extension:ui" is already replaced by surfaces.invocations[${indexOf('extension:ui')}]`,
      `surfaces.invocations[${indexOf('extension:middleware')}].target: "js:middleware" is not the target of the legacy invocation it replaces, "js:ui-extension" (legacy.invocations[${legacyAt('extension:ui')}].target)`,
      `surfaces.invocations[${indexOf('extension:middleware')}].output: "\${2}" writes "\${2}"; the legacy invocation wrote "\${1}" (legacy.invocations[${legacyAt('extension:ui')}].output "\${1}" run in ".")`,
      `legacy.invocations[${legacyAt('extension:middleware')}].id: legacy invocation "extension:middleware" is replaced by no surface call; add one to surfaces.invocations`,
    ]],
    ['a legacy invocation also replaced by another call', (m) => (call(m, 'extension:ui').alsoReplaces = ['just:build-ui-js']), [
      `surfaces.invocations[${indexOf('extension:ui')}].alsoReplaces[0]: legacy invocation "just:build-ui-js" is already replaced by surfaces.invocations[${indexOf('just:build-ui-js')}]`,
      `surfaces.invocations[${indexOf('extension:ui')}].alsoReplaces[0]: "just:build-ui-js" is a just invocation of "js:ui-extension"; it must be the same surface and target as the invocation the call replaces (extension, "js:ui-extension")`,
    ]],
    ['a reprobuild call with extras', (m) => (call(m, 'repro:frontend-ui-js').defines = ['x']), [
      `surfaces.invocations[${indexOf('repro:frontend-ui-js')}]: a repro call takes no bundles, defines or flags: reprobuild reads the switches of a target, profile and platform from the generated Nim module`,
    ]],
    ['unknown target', (m) => (call(m, 'just:build-ui-js').target = 'cct'), [`surfaces.invocations[${indexOf('just:build-ui-js')}].target: unknown target "cct"; known: ${codetracer.targets.map((t) => t.name).join(', ')}`]],
    ['unknown profile', (m) => (m.surfaces.invocations[0]!.profile = 'fast'), [`surfaces.invocations[0].profile: unknown profile "fast"; known: ${codetracer.profiles.map((p) => p.name).join(', ')}`]],
    ['unknown bundle', (m) => (m.surfaces.invocations[3]!.bundles = ['tracez']), [expect.stringMatching(/^surfaces\.invocations\[3\]\.bundles\[0\]: unknown bundle "tracez"; known: common, /) as unknown as string]],
    ['a Nix placeholder in a shell script', (m) => (call(m, 'macos:ct').output = '${pkgs.x}/bin/ct'), [
      `surfaces.invocations[${indexOf('macos:ct')}].output: "\${pkgs.x}/bin/ct" writes "\${pkgs.x}/bin/ct"; the legacy invocation wrote "\${DIST_DIR}/bin/ct" (legacy.invocations[${legacyAt('macos:ct')}].output "\${DIST_DIR}/bin/ct" run in ".")`,
      `surfaces.invocations[${indexOf('macos:ct')}].output: "\${pkgs.x}" in "\${pkgs.x}/bin/ct" must name a shell variable`,
    ]],
    ['a call building another target than the legacy invocation', (m) => (call(m, 'macos:ct').target = 'db-backend-record'), [
      `surfaces.invocations[${indexOf('macos:ct')}].target: "db-backend-record" is not the target of the legacy invocation it replaces, "ct" (legacy.invocations[${legacyAt('macos:ct')}].target)`,
      // …and the macOS script no longer builds ct, whose run paths the model gives.
      'packaging.platforms[0].binaries[0].target: "ct" is built by no macos surface call, so its run paths would never be applied; the macos calls build: db-backend-record, js:index, js:ui, js:subwindow',
    ]],
    ['a call writing elsewhere than legacy', (m) => (call(m, 'macos:ct').output = '${DIST_DIR}/ct'), [
      `surfaces.invocations[${indexOf('macos:ct')}].output: "\${DIST_DIR}/ct" writes "\${DIST_DIR}/ct"; the legacy invocation wrote "\${DIST_DIR}/bin/ct" (legacy.invocations[${legacyAt('macos:ct')}].output "\${DIST_DIR}/bin/ct" run in ".")`,
    ]],
    ['a call writing its default output where legacy wrote elsewhere', (m) => delete call(m, 'just:build-ui-js').output, [
      `surfaces.invocations[${indexOf('just:build-ui-js')}].output: the default output "ui_extension.js" (targets[${targetAt(targetOf('just:build-ui-js'))}].output) writes "ui_extension.js"; the legacy invocation wrote "\${output}" (legacy.invocations[${legacyAt('just:build-ui-js')}].output "\${output}" run in ".")`,
    ]],
    ['the same place spelled from the legacy working directory', (m) => {
      call(m, 'nix:ui.js').output = 'src/../ui.js';
    }, []],
    ['two nim binaries in one unit', (m) => (call(m, 'extension:ui').nim = 'nim2'), [
      `surfaces.invocations[${indexOf('extension:middleware')}].nim: "nim" differs from "nim2" of surfaces.invocations[${indexOf('extension:ui')}].nim; the extension unit "extension" exports one nim: give this call its own unit`,
    ]],
    ['two nim binaries among the Nix calls', (m) => (call(m, 'nix:ui.js').nim = '${pkgs.nim}/bin/nim'), [
      `surfaces.invocations[${indexOf('nix:ui.js')}].nim: "\${pkgs.nim}/bin/nim" differs from "\${nim-codetracer.out}/bin/nim2" of surfaces.invocations[${firstNixCall}].nim; the Nix calls share one pinned nim, which the dev shell exports too`,
    ]],
    ['a Nix unit that is no attribute name', (m) => (call(m, 'nix:ui.js').unit = 'console.js'), [
      `surfaces.invocations[${indexOf('nix:ui.js')}].unit: "console.js" is not a Nix attribute name (letters, digits, _, ' and -, not starting with a digit, not a keyword)`,
    ]],
    ['a just unit that is no recipe name', (m) => (call(m, 'just:build-ui-js').unit = 'build.ui'), [
      `surfaces.invocations[${indexOf('just:build-ui-js')}].unit: "build.ui" is not a just recipe name (letters, digits, _ and -, not starting with a digit)`,
    ]],
    ['a Nix placeholder through a keyword', (m) => (call(m, 'nix:ui.js').nim = '${let.nim}/bin/nim'), [
      // The Nix calls share one nim, so the changed one also differs from the others'.
      expect.stringMatching(new RegExp(`^surfaces\\.invocations\\[${indexOf('nix:ui.js')}\\]\\.nim: "\\$\\{let\\.nim\\}/bin/nim" differs from `)) as unknown as string,
      `surfaces.invocations[${indexOf('nix:ui.js')}].nim: "\${let.nim}" in "\${let.nim}/bin/nim" must name a Nix attribute path (no keyword) or an upper-case shell variable of the phase`,
    ]],
    ['an output the driver would take for an option', (m) => (call(m, 'macos:ct').output = '--dry-run'), [
      `surfaces.invocations[${indexOf('macos:ct')}].output: must not start with - (the driver would take it for an option) (got "--dry-run")`,
      expect.stringMatching(/ writes "--dry-run"; the legacy invocation wrote /) as unknown as string,
    ]],
    ['a packaging platform without a packaging surface', (m) => (m.packaging as { platforms: object[] }).platforms.push({ name: 'windows', description: 'no such script', rpathTool: 'patchelf', binaries: [] }), [
      `packaging.platforms[${codetracer.packaging!.platforms!.length}].name: no packaging script is generated for platform "windows"; known: macos, appimage, python-wheel`,
    ]],
    ['a misspelled surface field', (m) => (call(m, 'nix:ui.js').bundels = []), [expect.stringMatching(new RegExp(`^surfaces\\.invocations\\[${indexOf('nix:ui.js')}\\]: unknown field "bundels"; known: `)) as unknown as string]],
    ['a misspelled legacy field', (m) => (m.legacy.invocations[0]!.cwdd = 'src'), [expect.stringMatching(/^legacy\.invocations\[0\]: unknown field "cwdd"; known: /) as unknown as string]],
    ['ct-gen outside the checkout', (m) => ((m.surfaces as Record<string, unknown>).ci = { ctGenDir: '../ct-gen', nodeVersion: '20' }), ['surfaces.ci.ctGenDir: must stay inside the checkout (no . or .. segment) (got "../ct-gen")']],
    ['ct-gen through a .. segment', (m) => ((m.surfaces as Record<string, unknown>).ci = { ctGenDir: 'tools/../../x', nodeVersion: '20' }), ['surfaces.ci.ctGenDir: must stay inside the checkout (no . or .. segment) (got "tools/../../x")']],
    ['a copy after the build on a surface that does not copy', (m) => (call(m, 'nix:ui.js').alsoCopyTo = ['./src/ui.js']), [
      `surfaces.invocations[${indexOf('nix:ui.js')}].alsoCopyTo: a nix surface does not copy artefacts after the build (only macos, appimage, python-wheel do); copy in the host file, or leave alsoCopyTo out`,
    ]],
    ['a misspelled CI field', (m) => (m.surfaces as Record<string, unknown>).ci = { ctGenDir: 'tools/ct-gen', node: '20' }, [expect.stringMatching(/^surfaces\.ci: unknown field "node"; known: /) as unknown as string]],
    ['a declared change with a misspelled field', (m) => (call(m, 'nix:ui.js').declaredChanges = [{ setting: 'nim', form: 'a', to: 'b', reason: 'test: a reason long enough' }]), [
      expect.stringMatching(new RegExp(`^surfaces\\.invocations\\[${indexOf('nix:ui.js')}\\]\\.declaredChanges\\[0\\]: unknown field "form"; known: `)) as unknown as string,
    ]],
    ['a declared change with neither side', (m) => (call(m, 'nix:ui.js').declaredChanges = [{ setting: 'nim', reason: 'test: a reason long enough' }]), [
      `surfaces.invocations[${indexOf('nix:ui.js')}].declaredChanges[0].to: must give the value it changes from, to, or both`,
    ]],
    ['legacy output that is not its --out', (m) => (m.legacy.invocations[legacyAt('extension:middleware')]!.output = 'x.js'), [
      `legacy.invocations[${legacyAt('extension:middleware')}].output: "x.js" must equal the --out: word of argv, "\${2}" (legacy.invocations[${legacyAt('extension:middleware')}].argv[${outWordAt('extension:middleware')}])`,
      `legacy.invocations[${legacyAt('extension:middleware')}].argv[${outWordAt('extension:middleware')}]: "--out:\${2}" must write the output, "x.js" (legacy.invocations[${legacyAt('extension:middleware')}].output)`,
      `surfaces.invocations[${indexOf('extension:middleware')}].output: "\${2}" writes "\${2}"; the legacy invocation wrote "x.js" (legacy.invocations[${legacyAt('extension:middleware')}].output "x.js" run in ".")`,
    ]],
    ['a dead invocation without a reason', (m) => ((m.legacy as { dead: { reason: string }[] }).dead[0]!.reason = 'gone'), [
      'legacy.dead[0].reason: must say why (at least a sentence) (got "gone")',
    ]],
  ];
  it.each(cases)('%s', (_name, edit, want) => expect(issues(edit)).toEqual(want));
});

describe('surface calls without a legacy invocation, and packaging binaries', () => {
  const newCall = { surface: 'appimage', unit: 'binaries', target: 'tool', profile: 'release', output: '${APP_DIR}/tool' };
  const add = (call: Record<string, unknown>) => (m: EditableFixture) => m.surfaces.invocations.push(call);
  const cases: [string, (m: EditableFixture) => void, string[]][] = [
    ['the fixture is valid', () => {}, []],
    ['a new call naming its surface', add(newCall), []],
    ['a new call without a surface', add({ ...newCall, surface: undefined }), [
      `surfaces.invocations[3].surface: a call without legacy builds a new artefact and must name its surface; one of: ${newCallSurfaces}`,
    ]],
    ['a new Tup call', add({ ...newCall, surface: 'tup' }), [
      `surfaces.invocations[3].surface: a call without legacy builds a new artefact and "tup" cannot hold one (the staged Tup tree is generated from tup.nodes); one of: ${newCallSurfaces}`,
    ]],
    ['an unknown surface', add({ ...newCall, surface: 'docker' }), [
      `surfaces.invocations[3].surface: unknown surface "docker"; known: ${SURFACES.map((s) => s.kind).join(', ')}`,
    ]],
    ['a new call that also replaces an invocation', add({ ...newCall, alsoReplaces: ['appimage:app'] }), [
      'surfaces.invocations[3].alsoReplaces[0]: legacy invocation "appimage:app" is already replaced by surfaces.invocations[2]',
      'surfaces.invocations[3].alsoReplaces: a call without legacy replaces nothing: name the first invocation it replaces in legacy',
    ]],
    ['a new call with declared changes', add({ ...newCall, declaredChanges: [{ setting: 'nim', to: 'nim2', reason: 'test: a reason long enough' }] }), [
      'surfaces.invocations[3].declaredChanges: a call without legacy has no legacy invocation to differ from: leave declaredChanges out',
    ]],
    ['a surface other than the legacy invocation\'s', (m) => (m.surfaces.invocations[2]!.surface = 'macos'), [
      'surfaces.invocations[2].surface: "macos" is not the surface of the legacy invocation it replaces, "appimage" (legacy.invocations[2].surface); leave surface out',
    ]],
    ['the legacy invocation\'s own surface, spelled out', (m) => (m.surfaces.invocations[2]!.surface = 'appimage'), []],
    ['a new packaging call without its packaging platform', add({ ...newCall, surface: 'python-wheel', output: 'tool' }), [
      'surfaces.invocations[3].surface: a python-wheel surface needs packaging platform "python-wheel" for its post-build steps; known: appimage',
    ]],
    ['a packaged binary no call of its platform builds', (m) => m.packaging.platforms[0]!.binaries.push({ target: 'tool' }), [
      'packaging.platforms[0].binaries[1].target: "tool" is built by no appimage surface call, so its run paths would never be applied; the appimage calls build: app',
    ]],
    ['a packaged binary only another surface builds', (m) => {
      m.packaging.platforms[0]!.binaries.push({ target: 'tool' });
      m.surfaces.invocations.push({ ...newCall, surface: 'nix', unit: 'tool', output: 'tool', nim: '${nim}/bin/nim' });
    }, ['packaging.platforms[0].binaries[1].target: "tool" is built by no appimage surface call, so its run paths would never be applied; the appimage calls build: app']],
    ['a packaged binary a new call builds', (m) => {
      m.packaging.platforms[0]!.binaries.push({ target: 'tool' });
      add(newCall)(m);
    }, []],
    ['a declared change on a bundle with a misspelled field', (m) => (m.bundles[2]!.declaredChanges = [{ setting: 'nim', form: 'a', to: 'b', reason: 'test: a reason long enough' }]), [
      expect.stringMatching(/^bundles\[2\]\.declaredChanges\[0\]: unknown field "form"; known: setting, from, to, reason$/) as unknown as string,
    ]],
    ['a declared change on a target without a reason', (m) => (m.targets[0]!.declaredChanges = [{ setting: 'nim', to: 'b', reason: '…' }]), [
      'targets[0].declaredChanges[0].reason: must say why (at least a sentence) (got "…")',
    ]],
  ];
  it.each(cases)('%s', (_name, edit, want) => expect(fixtureIssues(edit)).toEqual(want));
});
