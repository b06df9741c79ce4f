import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Once per test run, before any test file: brings dist/ up to date with the sources under test
 * the way every CLI run does (bin/ct-gen.js compiles when model/ or generator/ changed, and
 * refuses to run JavaScript of other sources). Test files that spawn the CLI then do not each
 * pay for a compile, and two workers never compile at once. Sources that do not compile stop
 * only the tests that run the CLI (each run shows the compiler's errors), not the others.
 */
export default function setup(): void {
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'ct-gen.js');
  const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(`tests: the CLI does not build, so every test that runs it will fail:\n${result.stderr}`);
}
