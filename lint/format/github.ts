import { relative, resolve } from 'node:path';
import { toPosix } from '../files.js';
import type { LintResult, Severity } from '../types.js';

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`). Paths are
 * relative to the working directory, which in a workflow is the checkout the annotations
 * attach to.
 */
export function formatGithub(result: LintResult, cwd: string): string {
  return result.findings
    .map((f) => {
      const file = toPosix(relative(cwd, resolve(result.base, f.file)));
      const properties = `file=${property(file)},line=${f.line},col=${f.column},title=${property(`ct-gen lint ${f.rule}`)}`;
      const text = [f.message, ...(f.command ? [f.command] : []), ...(f.fix ? [`fix: ${f.fix}`] : []), ...(f.suppress ? [`suppress: ${f.suppress}`] : [])].join('\n');
      return `::${LEVEL[f.severity]} ${properties}::${data(text)}\n`;
    })
    .join('');
}

/** Workflow command per severity: a note is GitHub's `notice`. */
const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** The escaping of @actions/core: `%`, CR and LF in data; also `:` and `,` in properties. */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
