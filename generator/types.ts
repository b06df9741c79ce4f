/** The syntax of a generated file: it decides the file's header comment (`generator/header.ts`). */
export type OutputFormat = 'sh' | 'tup' | 'gitignore' | 'nix' | 'just' | 'yaml' | 'json' | 'nim' | 'make' | 'toml' | 'bazel' | 'markdown';

/** One file an emitter produces, relative to the destination root. */
export interface GeneratedFile {
  /** POSIX path relative to DEST, e.g. `src/build/Tuprules.tup`. */
  path: string;
  content: string;
  /** 0o755 for scripts; defaults to 0o644. */
  mode?: number;
  /** The file's syntax; every emitted file declares one. Files read back from disk have none. */
  format?: OutputFormat;
  /** The output family that emitted it (set by the pipeline; the manifest has none). */
  family?: string;
}

/** A file as an emitter returns it: its format declared. */
export type EmittedFile = GeneratedFile & { format: OutputFormat };
