import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where `tempDir` (tests/support/tree.ts) makes its directories during a run. */
export const TEMP_ROOT_ENV = 'CT_GEN_TEST_TMP';

/**
 * Before a test run: one directory for every temp directory its tests make, removed when the run
 * ends, so that runs do not pile up a gigabyte of copies and trees each in the system's temp
 * directory. Workers inherit it through the environment. Every tier names this setup; it makes
 * the root, and a run inside a test (the maintainer-loop scenario's) uses its parent's.
 */
export default function setup(): () => void {
  if (process.env[TEMP_ROOT_ENV]) return () => {};
  const root = mkdtempSync(join(tmpdir(), 'ct-gen-tests-'));
  process.env[TEMP_ROOT_ENV] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
