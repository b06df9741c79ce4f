import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
      for (const run of ['first', 'second']) {
        const result = await ctGen('check', '--dest', dest);
        expect(result.exitCode, `${what}, ${run} run`).toBe(2);
        // Only the model's data changed since everything else compiled: only its program runs, every time.
        expect(result.stderr.split('\n')[0], `${what}, ${run} run`).toBe(run === 'first' ? 'ct-gen: model changed; compiling…' : 'ct-gen: the model or generator did not compile; compiling again…');
        expect(result.stderr, `${what}, ${run} run`).toMatch(error);
        expect(result.stderr).toContain('ct-gen: the model or generator does not compile; fix the errors above');
        expect(result.stdout).toBe('');
      }
    }
    expect((await ctGen('list')).exitCode, 'another command').toBe(2);

    writeFileSync(targets, original);
    const fixed = await ctGen('check', '--dest', dest);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(fixed.stderr).toBe('ct-gen: model changed; compiling…');
    expect(fixed.stdout).toBe('ct-gen check: up to date');
    const again = await ctGen('check', '--dest', dest);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toBe('');
  }, 240_000);
  it("compiles an edit of only the model's data on its own, and dist/ always holds the sources on disk", async () => {
    const copy = copyPackage('stale-build-model');
    const ctGen = (...args: string[]) => ctGenIn(copy, args, process.cwd());
    const targets = join(copy, 'model/codetracer/targets.ts');
    const original = readFileSync(targets, 'utf8');
    const probed = original.replace("    output: 'ct',\n", "    output: 'ct-probe',\n");
    expect(probed).not.toBe(original);
    /** `list`'s line of the target ct, and what the run said on stderr. */
    const ct = async () => {
      const result = await ctGen('list');
      expect(result.exitCode, result.stderr).toBe(0);
      return { line: result.stdout.split('\n').find((l) => l.startsWith('ct '))!, stderr: result.stderr };
    };
    const MODEL = 'ct-gen: model changed; compiling…';
    const ALL = 'ct-gen: model or generator changed; compiling…';

    writeFileSync(targets, probed);
    expect(await ct()).toEqual({ line: expect.stringMatching(/ -> ct-probe$/), stderr: MODEL });

    // The model's data back as the copy's compile saw it, and a generator file edited: the whole
    // program compiles, and must write the model's data again, though its build info last saw it so.
    writeFileSync(targets, original);
    appendFileSync(join(copy, 'generator/paths.ts'), '// edited\n');
    expect(await ct()).toEqual({ line: expect.stringMatching(/ -> ct$/), stderr: ALL });

    // The edit again: the model's program must write it again, though its build info last saw it so.
    writeFileSync(targets, probed);
    expect(await ct()).toEqual({ line: expect.stringMatching(/ -> ct-probe$/), stderr: MODEL });
    expect(await ct()).toEqual({ line: expect.stringMatching(/ -> ct-probe$/), stderr: '' });

  }, 240_000);
});
