/**
 * Exit codes of every ct-gen command: 0 ok, 1 a check (check, lint, parity) found
 * problems, 2 bad model, bad usage, or a file that cannot be read or written.
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Print an error in the house form and return the exit code it maps to. */
export async function reportError(error: unknown): Promise<number> {
  const { ModelError } = await import('../model.js');
  if (error instanceof ModelError) {
    // Only a model that failed pays for finding each problem in its source.
    const { formatModelError } = await import('../authoring/diagnostics.js');
    process.stderr.write(await formatModelError(error));
    return EXIT_USAGE;
  }
  // A filesystem error no module put into words still names its file, never as a raw errno line.
  const { fileSystemMessage } = await import('../write.js');
  const disk = fileSystemMessage(error);
  if (disk !== undefined) {
    process.stderr.write(`ct-gen: ${disk}\n`);
    return EXIT_USAGE;
  }
  // A bad target, profile or platform on the command line gets the name meant, as the model's do.
  const { withSuggestion } = await import('../authoring/suggest.js');
  process.stderr.write(`ct-gen: ${withSuggestion(error instanceof Error ? error.message : String(error))}\n`);
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
