/**
 * How model names become identifiers in generated files. Two names that map to the same
 * identifier would share a shell array or a Tup macro, so the model rules reject them.
 */

/** Upper-case shell identifier: `js:index` → `JS_INDEX`. */
export function shellId(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The files nim writes beside an artefact at `output`, from a target's `extraOutputs`
 * patterns: `{out}` the output path, `{dir}` its directory, `{stem}` its file name without
 * extension. A pattern without `{out}` or `{dir}` is relative to the working directory.
 */
export function expandExtraOutputs(patterns: readonly string[], output: string): string[] {
  const slash = output.lastIndexOf('/');
  const dir = slash >= 0 ? output.slice(0, slash) : '.';
  const file = output.slice(slash + 1);
  const stem = file.includes('.') ? file.slice(0, file.indexOf('.')) : file;
  return patterns.map((p) => p.replace(/\{out\}/g, output).replace(/\{dir\}/g, dir).replace(/\{stem\}/g, stem));
}
