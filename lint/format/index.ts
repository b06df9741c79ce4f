import type { LintResult } from '../types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import type { Format } from './names.js';
import { formatText } from './text.js';

export { FORMATS, type Format } from './names.js';
export { formatCleanSummary } from './text.js';

/** A lint result in one of the output formats; `cwd` places the paths of `github` annotations. */
export function formatResult(result: LintResult, format: Format, cwd: string): string {
  switch (format) {
    case 'text':
      return formatText(result);
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result);
    case 'github':
      return formatGithub(result, cwd);
  }
}
