/** One file an emitter produces, relative to the destination root. */
export interface GeneratedFile {
  /** POSIX path relative to DEST, e.g. `src/build/Tuprules.tup`. */
  path: string;
  content: string;
  /** 0o755 for scripts; defaults to 0o644. */
  mode?: number;
}
