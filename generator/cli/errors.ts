/**
 * Exit codes of every ct-gen command: 0 ok, 1 a check (check, lint, parity) found
 * problems, 2 bad model or bad usage.
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Print an error in the house form and return the exit code it maps to. */
export async function reportError(error: unknown): Promise<number> {
  const { ModelError } = await import('../model.js');
  if (error instanceof ModelError) {
    process.stderr.write(`ct-gen: invalid model (${error.origin}): ${error.issues.length} problem(s)\n`);
    for (const issue of error.issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`ct-gen: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_USAGE;
}

/** Run a command body, mapping thrown errors to exit codes. */
export async function run(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    process.exitCode = await reportError(error);
  }
}
