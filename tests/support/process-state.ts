import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Test files share their worker process (vitest.config.ts, `isolate: false`), so a file must
 * leave the process as it found it: the environment, the working directory, the umask and the
 * exit code. Checked after each file, naming what changed, so a leak fails the file that caused
 * it rather than a later one in the same worker.
 */
let before: { cwd: string; umask: number; exitCode: typeof process.exitCode; env: Record<string, string | undefined> };

beforeAll(() => {
  before = { cwd: process.cwd(), umask: process.umask(), exitCode: process.exitCode, env: { ...process.env } };
});

afterAll(() => {
  const after = { cwd: process.cwd(), umask: process.umask(), exitCode: process.exitCode, env: { ...process.env } };
  expect(after, 'the process state this file leaves to the next file in its worker').toEqual(before);
});
