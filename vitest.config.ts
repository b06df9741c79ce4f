import { defineConfig } from 'vitest/config';

/**
 * The unit tier (`npm run test:unit`, project `unit`): tables and snapshots of the model,
 * resolution, emitters, quoting, lint, parity and the baseline's parsing, all in this process
 * on temp dirs — no CLI process, no generated script run. Everything else is project `real`:
 * the CLI, bash, tup, just, nix-instantiate, shellcheck and nim, run for real. `vitest run`
 * runs both, each file once.
 */
const UNIT = [
  'tests/model.test.ts',
  'tests/model-docs.test.ts',
  'tests/quote.test.ts',
  'tests/render.test.ts',
  'tests/snapshots.test.ts',
  'tests/resolve/argv.test.ts',
  'tests/emit/repro.test.ts',
  'tests/authoring/array-edit.test.ts',
  'tests/write/manifest.test.ts',
  'tests/write/plan.test.ts',
  'tests/write/apply.test.ts',
  'tests/write/check.test.ts',
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

export default defineConfig({
  test: {
    // Real tools (tup, bash, just, nix-instantiate) run in these tests; a 2-core CI machine is slow.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: {
          name: 'real',
          // Negated here, not in `exclude`: a project's exclude would replace the command line's.
          include: ['tests/**/*.test.ts', ...UNIT.map((path) => `!${path}`)],
          // Compiles the CLI once (only when its sources changed) before the files that spawn it.
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
