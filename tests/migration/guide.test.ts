import { execa } from 'execa';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allowedJustfileTest, legacyProductBuilds, legacyTupFiles, writeLegacyCheckout } from '../support/legacy-checkout.js';
import { readLog, writeStub } from '../support/stubs.js';
import { JUST, tempDir } from '../support/tree.js';
import { model } from '../support/model.js';
import { applyGuide, guideReproTemplates } from './adopt.js';

/*
 * docs/migration.md applied as a new user would: a synthetic Codetracer-shaped checkout
 * (tests/support/legacy-checkout.ts), `ct-gen generate` into it, the guide's upstream edits
 * (./adopt.ts), then real just, nix-instantiate, shellcheck, git and `ct-gen lint` / `check`.
 */

const pkg = join(import.meta.dirname, '..', '..');
const bin = join(pkg, 'bin', 'ct-gen.js');
const ctGen = (...args: string[]) => execa('node', [bin, ...args], { reject: false });
const hasNim = spawnSync('nim', ['--version']).status === 0;

interface Finding {
  file: string;
  rule: string;
  command: string;
}

let root: string;
let lintBefore: { exitCode?: number; findings: Finding[] };
let refused: { exitCode?: number; stderr: string };
let generated: { exitCode?: number; stderr: string };

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
const read = (path: string) => readFileSync(join(root, path), 'utf8');

beforeAll(async () => {
  root = tempDir('migration');
  writeLegacyCheckout(root, model);
  git('init', '-q');
  git('add', '-A');
  // Codetracer tracks the host variants' tup.config past its `build-*/` ignore.
  git('add', '-f', 'src/build-debug/tup.config', 'src/build-release/tup.config');
  git('commit', '-qm', 'legacy checkout');

  const lint = await ctGen('lint', root, '--format', 'json');
  lintBefore = { exitCode: lint.exitCode, findings: (JSON.parse(lint.stdout) as { findings: Finding[] }).findings };

  refused = await ctGen('generate', '--dest', root);
  generated = await ctGen('generate', '--dest', root, '--adopt');
  applyGuide(root);
  git('rm', '-q', 'build_for_extension.sh', ...legacyTupFiles(model));
  git('add', '-A');
});

describe('before the move', () => {
  it('lint reports the product builds the guide replaces, and not the test compile the model allows', () => {
    expect(lintBefore.exitCode).toBe(1);
    const perFile: Record<string, number> = {};
    for (const f of lintBefore.findings) perFile[f.file] = (perFile[f.file] ?? 0) + 1;
    expect(perFile).toEqual(legacyProductBuilds);
    const test = allowedJustfileTest(model);
    if (test) expect(lintBefore.findings.filter((f) => f.command.includes(test))).toEqual([]);
  });

  it("generate refuses the checkout's own variant configs until --adopt takes them over", () => {
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('src/build-debug/tup.config: exists and was not written by ct-gen');
    expect(generated.exitCode, generated.stderr).toBe(0);
  });
});

describe('after the move', () => {
  it('just lists the imported recipes in place of the deleted ones', () => {
    const summary = execFileSync(JUST, ['--justfile', join(root, 'justfile'), '--summary'], { encoding: 'utf8' }).trim().split(' ');
    expect(summary).toEqual(expect.arrayContaining([
      'build-ui-js', 'build-ui-js-hmr', 'build-hmr-fixture', 'build-storybook-components', 'build-demo-request-session',
      'demo-request-panel', 'demo-request-panel-live', 'storybook', 'test-hmr-fixture', 'tup-build-debug', 'tup-generate-debug', 'tup-monitor',
    ]));
    // --dry-run prints each command (a shebang recipe's script) on stderr instead of running it.
    const dryRun = (recipe: string) => spawnSync(JUST, ['--justfile', join(root, 'justfile'), '--dry-run', recipe], { encoding: 'utf8' });
    for (const recipe of ['demo-request-panel', 'demo-request-panel-live']) {
      const demo = dryRun(recipe);
      expect(demo.status, demo.stderr).toBe(0);
      expect(demo.stderr).toContain('just build-demo-request-session "$work"');
      expect(demo.stderr).not.toMatch(/^\s*nim c/m);
    }
    // A recipe of the justfile that depends on a deleted one now runs the imported one: the driver.
    const storybook = dryRun('storybook');
    expect(storybook.stderr).toContain('tools/build/build_codetracer.sh');
    const justfile = read('justfile');
    expect(justfile).not.toMatch(/^\s*nim (js|-d)/m);
    const test = allowedJustfileTest(model);
    if (test) expect(justfile).toContain(test);
  });

  it('the Nix files parse, and the phases evaluate with the exports before the driver and no nim of their own', () => {
    const nixFiles = ['nix/packages/default.nix', 'nix/shells/main.nix', 'nix/shells/ci-base.nix', 'nix/pre-commit.nix', 'nix/ct-gen/build-phases.nix', 'nix/ct-gen/dev-shell.nix'];
    for (const file of nixFiles) execFileSync('nix-instantiate', ['--parse', join(root, file)], { stdio: ['ignore', 'ignore', 'pipe'] });

    const stubs = tempDir('migration-nim');
    writeStub(join(stubs, 'bin'), 'nim2', join(stubs, 'nim.jsonl'));
    const expr = `
      let
        pkgs = {
          nim = { out = "${stubs}"; };
          nodeModules = { outPath = "/node-modules"; };
          symlinkJoin = _: { outPath = "/runtime-deps"; };
          glibc.out = "/glibc"; sqlite.out = "/sqlite"; openssl.out = "/openssl";
          stdenv.mkDerivation = attrs: attrs;
          mkShell = attrs: attrs;
        };
        self' = { packages = ((import ${root}/nix/packages/default.nix { inputs.runquota = "/runquota"; }).perSystem { system = "x86_64-linux"; inherit pkgs self'; }).packages; };
        p = self'.packages;
      in {
        inherit (p.indexJavascript) buildPhase;
        subwindow = p.subwindowJavascript.buildPhase;
        ui = p.uiJavascript.buildPhase;
        codetracer = p.codetracer.buildPhase;
        hasConsole = p ? console;
        shellHook = (import ${root}/nix/shells/main.nix { inherit pkgs self'; }).shellHook;
      }`;
    const out = JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '--expr', expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Record<string, string | boolean>;
    expect(out.hasConsole).toBe(false);
    const phases = { index: out.buildPhase as string, subwindow: out.subwindow as string, ui: out.ui as string, codetracer: out.codetracer as string };
    for (const phase of Object.values(phases)) {
      expect(phase).not.toMatch(/bin\/nim2 -/);
      expect(phase).toContain('tools/build/build_codetracer.sh');
    }
    expect(phases.ui.indexOf('ISONIM_STAGE=')).toBeLessThan(phases.ui.indexOf('build_codetracer.sh'));
    expect(phases.codetracer.indexOf('export RUNQUOTA_SRC=')).toBeLessThan(phases.codetracer.indexOf('build_codetracer.sh'));
    expect(out.shellHook).toMatch(/ct_tup\(\)/);
    expect(out.shellHook).toContain(`src/build-\${_ct_config}/build"`);

    // Run each phase as the Nix builder would (patchShebangs aside), with the stub as the pinned nim.
    for (const phase of Object.values(phases)) {
      execFileSync('bash', ['-euc', `patchShebangs() { :; }\n${phase}`], { cwd: root, env: { ...process.env, NIX_BUILD_TOP: stubs } });
    }
    const outs = readLog(join(stubs, 'nim.jsonl')).map((r) => r.argv.find((a) => a.startsWith('--out:')));
    expect(outs).toEqual(['--out:./index.js', '--out:./server_index.js', '--out:./subwindow.js', '--out:./ui.js', '--out:ct', '--out:db-backend-record']);
  });

  it('shellcheck passes on the generated scripts and the edited ones', () => {
    const scripts = [
      'tools/build/build_codetracer.sh', 'tools/build/build_for_extension.sh',
      ...['macos', 'appimage', 'python-wheel'].map((p) => `packaging/${p}/build_nim_artefacts.sh`),
      'non-nix-build/build_with_nim.sh', 'appimage-scripts/build_with_nim.sh', 'scripts/build.sh', 'scripts/build-once.sh', 'ci/build/dev.sh', 'non-nix-build/env.sh',
    ];
    const result = spawnSync('shellcheck', scripts, { cwd: root, encoding: 'utf8' });
    expect(result.stdout, result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('.gitignore keeps the variant configs and still ignores the build output and the reprobuild trees', () => {
    const tracked = git('ls-files', 'src/build-debug', 'src/build-release', 'src/build-win32-debug').split('\n').filter(Boolean).sort();
    expect(tracked).toEqual(['src/build-debug/.gitignore', 'src/build-debug/tup.config', 'src/build-release/.gitignore', 'src/build-release/tup.config', 'src/build-win32-debug/.gitignore', 'src/build-win32-debug/tup.config']);
    const outputs = ['src/build-debug/build/bin/ct', 'src/build-debug-repro/bin/ct'];
    for (const path of outputs) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), '');
    }
    try {
      for (const path of outputs) expect(spawnSync('git', ['check-ignore', '-q', path], { cwd: root }).status, path).toBe(0);
    } finally {
      for (const dir of ['src/build-debug/build', 'src/build-debug-repro']) rmSync(join(root, dir), { recursive: true });
    }
  });

  it('lint is clean, check is up to date, and nothing is left of the legacy builds', async () => {
    const lint = await ctGen('lint', root, '--format', 'json');
    expect(lint.exitCode, lint.stdout).toBe(0);
    expect((JSON.parse(lint.stdout) as { findings: Finding[] }).findings).toEqual([]);
    const check = await ctGen('check', '--dest', root);
    expect(check.exitCode, check.stdout).toBe(0);
    expect(git('ls-files', '--', '*Tuprules.tup', '*Tupfile').split('\n').filter(Boolean).every((p) => p.startsWith('src/build/'))).toBe(true);
  });

  it.skipIf(!hasNim)("the guide's reprobuild templates compile against the generated module and name each target's source", () => {
    const templates = guideReproTemplates();
    const dir = tempDir('migration-repro');
    const js = [['js:ui', 'ui.js'], ['js:index', 'index.js'], ['js:server-index', 'server_index.js'], ['js:subwindow', 'subwindow.js'], ['js:ipc-registry-test', 'tests/ipc.js'], ['js:reload-reconnect-test', 'tests/reload.js']];
    writeFileSync(join(dir, 'repro_standin.nim'), `import std/json
import ct_gen_build

# reprobuild's actions as the fields repro.nim passes them; no defaults, so every field must be given.
type BuildActionDef = object
  command, source, output: string
  defines, paths: seq[string]
type NimTool = object
const nim = NimTool()
proc js(tool: NimTool; defines: seq[string]; mm: string; hintsOff, warningsOff: bool; disabledHints, disabledWarnings: seq[string];
        debugInfo, lineDirOn, stacktraceOn, linetraceOn, debugInfoOn, sourcemapOn, hotCodeReloadingOn: bool;
        paths: seq[string]; output: string; extraInputs, extraOutputs: openArray[string]; source: string): BuildActionDef =
  BuildActionDef(command: "js", source: source, output: output, defines: defines, paths: paths)
proc c(tool: NimTool; defines: seq[string]; mm: string; hintsOff, warningsOff: bool; disabledHints, disabledWarnings: seq[string];
       debugInfo, lineDirOn, stacktraceOn, linetraceOn, hintsOn, warningsOn, boundChecksOn: bool;
       dynlibOverrides, passC, passL, paths: seq[string]; nimcache, output, source: string): BuildActionDef =
  BuildActionDef(command: "c", source: source, output: output, defines: defines, paths: paths)
proc ctBuildProfile(): string = "debug"
const projectRootPath = "/checkout"

${templates}

var printed = newJArray()
${js.map(([t, o]) => `printed.add %*{"target": "${t}", "action": ctNimJs("${t}", "${o}")}`).join('\n')}
printed.add %*{"target": "ct", "action": ctNative("ct", "bin/ct", "/tmp/cache")}
printed.add %*{"target": "db-backend-record", "action": ctNative("db-backend-record", "bin/db-backend-record", "/tmp/cache")}
echo printed
`);
    const ran = spawnSync('nim', ['c', '-r', '--hints:off', `--path:${join(root, 'tools/build')}`, `--nimcache:${join(dir, 'cache')}`, join(dir, 'repro_standin.nim')], { cwd: dir, encoding: 'utf8' });
    expect(ran.status, ran.stderr).toBe(0);
    const actions = JSON.parse(ran.stdout.trim().split('\n').pop()!) as { target: string; action: { command: string; source: string; defines: string[]; paths: string[] } }[];
    expect(actions).toHaveLength(8);
    for (const { target, action } of actions) {
      expect(action.source).toBe(model.targets.find((t) => t.name === target)!.source);
      expect(action.command).toBe(target.startsWith('js:') ? 'js' : 'c');
      expect(action.defines.length).toBeGreaterThan(0);
      expect(action.paths.every((p) => p.startsWith('/checkout/'))).toBe(true);
    }
  });
});
