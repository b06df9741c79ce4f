import { type Baseline, type BaselineInvocation, BaselineSchema } from '../../model/schema/baseline.js';
import { formatPath } from '../../model/schema/rules.js';

/** Field order of an invocation in the file, so a re-recording diffs line by line. */
const FIELDS: readonly (keyof BaselineInvocation)[] = ['id', 'surface', 'variant', 'profile', 'platform', 'file', 'line', 'rule', 'cwd', 'nim', 'argv', 'output'];

/** The baseline as committed: pretty JSON, fixed field order, absent fields left out, a final newline. */
export function formatBaseline(baseline: Baseline): string {
  const invocations = baseline.invocations.map((invocation) => Object.fromEntries(FIELDS.filter((f) => invocation[f] !== undefined).map((f) => [f, invocation[f]])));
  const document = { ...(baseline.commit !== undefined && { commit: baseline.commit }), recordedWith: { tup: baseline.recordedWith.tup }, invocations };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A baseline file that is not JSON or not a baseline; the message names every bad field. */
export class BaselineFileError extends Error {}

/** Read a baseline file's text; `origin` names the file in errors. */
export function parseBaseline(text: string, origin: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineFileError(`${origin}: not JSON (${(error as Error).message})`);
  }
  // jitless, as validateModel: parsed once per run.
  const result = BaselineSchema.safeParse(data, { jitless: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  throw new BaselineFileError(`${origin}: not a baseline file:\n${issues.join('\n')}`);
}
