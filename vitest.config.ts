import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The unit tier (`npm run test:unit`, `vitest run --mode unit`): tables and snapshots of the
 * model, resolution, emitters, quoting, lint, parity and the baseline's parsing, all in this
 * process on temp dirs — no CLI process, no generated script run. Everything else runs real tools
 * (the CLI, bash, tup, just, nix-instantiate, shellcheck and nim): the model's tier (below), and
 * the rest. `vitest run` runs every file once.
 */
const UNIT = [
  'tests/model.test.ts',
  'tests/model-docs.test.ts',
  'tests/quote.test.ts',
  'tests/old-bash.test.ts',
  'tests/cli/help-layout.test.ts',
  'tests/render.test.ts',
  'tests/snapshots.test.ts',
  'tests/resolve/argv.test.ts',
  'tests/emit/repro.test.ts',
  'tests/authoring/array-edit.test.ts',
  'tests/write/manifest.test.ts',
  'tests/write/make-dirs.test.ts',
  'tests/write/plan.test.ts',
  'tests/write/apply.test.ts',
  'tests/write/check.test.ts',
  'tests/write/gen-cache.test.ts',
  'tests/lint/allow.test.ts',
  'tests/lint/cache.test.ts',
  'tests/lint/classes.test.ts',
  'tests/lint/file-kinds.test.ts',
  'tests/lint/formats.test.ts',
  'tests/lint/nim-extract.test.ts',
  'tests/lint/shell.test.ts',
  'tests/lint/suppressions.test.ts',
  'tests/lint/tree.test.ts',
  'tests/parity/declarations.test.ts',
  'tests/parity/legacy-recorded.test.ts',
  'tests/parity/normalise.test.ts',
  'tests/baseline/rules.test.ts',
  'tests/baseline/script.test.ts',
  'tests/baseline/settings.test.ts',
  'tests/nixos/emit.test.ts',
  'tests/nixos/model.test.ts',
  'tests/surfaces/rules.test.ts',
  'tests/tup/validation.test.ts',
  'tests/authoring/json-positions.test.ts',
  'tests/authoring/model-schema.test.ts',
  'tests/authoring/source-locations.test.ts',
  'tests/authoring/suggest.test.ts',
  'tests/authoring/ts-source.test.ts',
];

/**
 * The real-tool tests of what Codetracer's model generates (parity, the surfaces, the driver,
 * explain, the families' outputs, the baseline's recording, the NixOS scripts). With the unit tier
 * they are what must pass on any edit of the model (`npm run test:model`, `vitest run --mode
 * model`), and tests/scenario/maintainer-loop.test.ts runs them on an edited copy.
 */
const MODEL = [
  'tests/parity/parity.test.ts',
  'tests/parity/tup-dry-run.test.ts',
  'tests/surfaces/ci.test.ts',
  'tests/surfaces/just.test.ts',
  'tests/surfaces/nix.test.ts',
  'tests/surfaces/scripts.test.ts',
  'tests/emit/driver.test.ts',
  'tests/resolve/explain.test.ts',
  'tests/families/registry.test.ts',
  'tests/baseline/record.test.ts',
  'tests/nixos/static.test.ts',
];

/**
 * The files that take longest on a 2-core machine, longest first (bench/README.md, "the suite
 * after the fixture cases"). Vitest starts files it has no timings of (a clean clone) largest
 * first, and some of these are small files whose runs are one after another for half a minute
 * (stale-build's compiles): started last, such a file runs on one core while the other idles. So
 * they start first; the others keep vitest's order. A file missing here, or one that moved, only
 * costs time.
 */
const LONGEST = [
  'tests/cli/fast-path.test.ts',
  'tests/scenario/maintainer-loop.test.ts',
  'tests/cli/add-target.test.ts',
  'tests/cli/stale-build.test.ts',
  'tests/realnim/driver.test.ts',
  'tests/cli/write-hardening.test.ts',
  'tests/cli/watch.test.ts',
  'tests/authoring/cli.test.ts',
  'tests/nixos/wrapper.test.ts',
  'tests/fuzz/hostile-strings.test.ts',
  'tests/cli/generate-check.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST.indexOf(relative(import.meta.dirname, file.moduleId));
      return at < 0 ? LONGEST.length : at;
    };
    // Stable: files of the same rank keep the order vitest gave them.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The tiers, by Vite's mode (`vitest run --mode NAME`): what each runs, and its global setups.
 * Without `--mode` (mode `test`), every file. A tier is a mode of one configuration, not a vitest
 * project: a run of several projects starts workers of their own for them, which load the modules
 * again; one set of workers for the whole suite took a tenth less CPU (bench/README.md,
 * "2026-12-04, evening").
 */
const TEMP_ROOT = ['tests/support/temp-root.ts'];
const COMPILED = [...TEMP_ROOT, 'tests/support/global-setup.ts'];
const TIERS: Record<string, { include: string[]; globalSetup: string[] }> = {
  test: { include: ['tests/**/*.test.ts'], globalSetup: COMPILED },
  // No CLI run, so no compile.
  unit: { include: UNIT, globalSetup: TEMP_ROOT },
  model: { include: [...UNIT, ...MODEL], globalSetup: COMPILED },
};

/*
 * Every file shares its worker's process and module cache (`isolate: false`): they import the
 * same model, resolver and emitters, and loading them once per worker, not once per file, halves
 * the unit tier's time and cut the whole suite's import time by a third (bench/README.md). Files
 * run the CLI in child processes, or in this one with its output and exit code caught and
 * restored (tests/lint/cli.test.ts); tests/support/process-state.ts fails a file that leaves the
 * environment, working directory, umask or exit code changed for the next. `global-setup.ts`
 * compiles the CLI once (only when its sources changed) before the files that spawn it.
 */
export default defineConfig(({ mode }) => {
  const tier = Object.hasOwn(TIERS, mode) ? TIERS[mode]! : undefined;
  if (tier === undefined) throw new Error(`vitest --mode ${mode}: not a tier of this suite (${Object.keys(TIERS).filter((name) => name !== 'test').join(', ')}; without --mode, every file runs)`);
  return {
    test: {
      // Real tools (tup, bash, just, nix-instantiate) run in these tests; a 2-core CI machine is slow.
      testTimeout: 180_000,
      hookTimeout: 180_000,
      pool: 'forks',
      maxWorkers: 2,
      sequence: { sequencer: LongestFirst },
      isolate: false,
      setupFiles: ['tests/support/process-state.ts'],
      include: tier.include,
      globalSetup: tier.globalSetup,
    },
  };
});
