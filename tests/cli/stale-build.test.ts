import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript, beside bin/ct-gen.js
import { BUILD_STATE } from '../../bin/build-state.js';
import { copyPackage, ctGenIn } from '../support/package-copy.js';
import { tempDir } from '../support/tree.js';

/**
 * bin/ct-gen.js compiles model/ and generator/ before it runs them. In a copy of the package
 * (its own dist/), a model file that does not compile must stop every command, not only the
 * first: tsc emits JavaScript even for sources with errors, and that must never run.
 */
describe('bin/ct-gen.js never runs a stale build', () => {
  it('refuses every run while the sources do not compile, and runs again once they do', async () => {
    const copy = copyPackage('stale-build');
    const ctGen = (...args: string[]) => ctGenIn(copy, args, process.cwd());
    const dest = join(tempDir('stale-build-dest'), 'out');

    const first = await ctGen('generate', '--dest', dest);
    expect(first.exitCode, first.stderr).toBe(0);
    // The copy holds the compile of its sources (tests/support/package-copy.ts): nothing to compile yet.
    expect(first.stderr).not.toContain('compiling');
    const fast = await ctGen('check', '--dest', dest);
    expect(fast.exitCode).toBe(0);
    expect(fast.stderr).not.toContain('compiling');

    const targets = join(copy, 'model/codetracer/targets.ts');
    const original = readFileSync(targets, 'utf8');
    for (const [what, line, error] of [
      ['a type error', "export const broken: number = 'not a number';\n", /targets\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/],
      ['an unterminated string', "export const broken = 'unterminated;\n", /targets\.ts\(\d+,\d+\): error TS1002: Unterminated string literal/],
    ] as const) {
      writeFileSync(targets, original + line);
      const first = await ctGen('check', '--dest', dest);
      // The second run, with nothing changed, shows the first one's errors without compiling again.
      const second = await ctGen('check', '--dest', dest);
      for (const [run, result] of [['first', first], ['second', second]] as const) {
        expect(result.exitCode, `${what}, ${run} run`).toBe(2);
        expect(result.stderr, `${what}, ${run} run`).toMatch(error);
        expect(result.stderr).toMatch(/\nct-gen: the model or generator does not compile; fix the errors above \(every command refuses to run until then\)$/);
        expect(result.stdout).toBe('');
      }
      expect(first.stderr.split('\n')[0]).toBe('ct-gen: model or generator changed; compiling…');
      expect(second.stderr).toBe(first.stderr.replace(/^.*\n/, 'ct-gen: the model or generator did not compile, and has not changed since:\n'));
    }
    expect((await ctGen('list')).exitCode, 'another command').toBe(2);
    // A compile that left no report of errors (the compiler crashed or was killed) runs again.
    const stateFile = join(copy, BUILD_STATE);
    const { report, ...crashed } = JSON.parse(readFileSync(stateFile, 'utf8')) as { report?: string };
    expect(report).toMatch(/error TS1002/);
    writeFileSync(stateFile, JSON.stringify(crashed));
    const rerun = await ctGen('list');
    expect(rerun.exitCode).toBe(2);
    expect(rerun.stderr.split('\n')[0]).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(rerun.stderr).toContain(report);
    // Packages installed since the compiler reported errors (their declarations are what it read): it runs again.
    const reported = JSON.parse(readFileSync(stateFile, 'utf8')) as { installed: string; report: string };
    expect(reported.report).toBe(report);
    writeFileSync(stateFile, JSON.stringify({ ...reported, installed: `${reported.installed}-before` }));
    const reinstalled = await ctGen('list');
    expect(reinstalled.exitCode).toBe(2);
    expect(reinstalled.stderr.split('\n')[0]).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(reinstalled.stderr).toContain(report);
    // On a terminal (script(1) gives the run one) the compiler colours its report, as tsc does
    // there itself: the report kept for a pipe is not shown; the one kept on a terminal is, in colour.
    const onTerminal = () => execa('script', ['-qec', `node ${join(copy, 'bin', 'ct-gen.js')} list`, '/dev/null'], { reject: false, cwd: copy });
    const coloured = /\x1b\[\d+merror\x1b\[0m\x1b\[\d+m TS1002: /;
    const terminal = await onTerminal();
    expect(terminal.exitCode).toBe(2);
    expect(terminal.stdout.split('\r\n')[0]).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(terminal.stdout).toMatch(coloured);
    const shown = await onTerminal();
    expect(shown.exitCode).toBe(2);
    expect(shown.stdout).toBe(terminal.stdout.replace(/^.*\r\n/, 'ct-gen: the model or generator did not compile, and has not changed since:\r\n'));

    writeFileSync(targets, original);
    const fixed = await ctGen('check', '--dest', dest);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(fixed.stdout).toBe('ct-gen check: up to date');
    const again = await ctGen('check', '--dest', dest);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toBe('');
  }, 240_000);
  it('a deleted entry of dist/ is written again; npm run build compiles and writes the build state, so the next run compiles nothing', async () => {
    const copy = copyPackage('stale-build-entry');
    const entry = join(copy, 'dist', 'generator', 'cli', 'main.js');
    const build = () => execa('npm', ['run', '--silent', 'build'], { cwd: copy, reject: false });
    // Deleted: the compiler's build info still lists it as written.
    rmSync(entry);
    const first = await build();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(existsSync(entry)).toBe(true);
    const list = await ctGenIn(copy, ['list'], process.cwd());
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^ct {2,}nim-c/m);
    // Built again with nothing changed: the compiler runs (it would notice a new TypeScript), and the state is written again.
    const again = await build();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect((await ctGenIn(copy, ['list'], process.cwd())).stderr).toBe('');
  }, 240_000);
});
