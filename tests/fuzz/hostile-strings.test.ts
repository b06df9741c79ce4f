import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelError, validateModel, type ModelIssue } from '../../generator/model.js';
import { generateFiles } from '../../generator/pipeline.js';
import type { GeneratedFile } from '../../generator/types.js';
import { ModelSchema, type Model } from '../../model/schema/index.js';
import { formatPath } from '../../model/schema/rules.js';
import { fuzzFixtureInput } from '../support/fuzz-fixture.js';
import { tempDir } from '../support/tree.js';
import { CHECKS, execute, withoutDigests } from './execute.js';
import { mutateValue, prng, valueAt, withMutation, type Mutation } from './hostile.js';
import { modelStrings, type Path } from './model-strings.js';
import { sandbox } from './sandbox.js';
import { syntaxProblems, type Distinct } from './syntax.js';

/**
 * The rendering contract, tried: 1,000 models derived from the fuzz fixture (tests/support), each
 * with one string field changed to hold a hostile string (line breaks, NUL, quotes, `$(…)`,
 * backquotes, `${`, `''`, `%`, `|>`, `#`, several KB…) or a realistic one (`$ORIGIN/../lib`). The
 * fields come from the zod schema walked with the fixture, round robin, so every string field gets
 * several. Each model must either be refused with an issue at the changed field, or generate files
 * that bash -n, shellcheck, tup, nix-instantiate, just, a YAML parser and nim check accept, and
 * that, run with recording stubs, pass exactly the resolver's values and run nothing else (no
 * canary).
 *
 * Budget (a 2-core machine, about half a minute when it is not shared): validation and generation
 * run in this process (about 10 ms a model, a third of the models validate); most models change one
 * field that one family renders, so every other file equals another model's. The real tools see
 * each distinct file content once (a hundred or so shell files of a thousand models; drivers that
 * differ only in their targets' model digests, hex words, count as one), in batches:
 * shellcheck takes many files per process and runs in two processes, and nim checks one module
 * importing every distinct Nim module, while this one runs the scripts; nix-instantiate parses
 * many files at once; YAML and JSON are parsed in process. Each
 * family's run with stubs happens once per distinct content of that family's files (a digest that
 * only names the model, Tup's --model-digest, left out of the key); within a family a run repeats
 * only for the files it depends on (a Tup variant, one packaging script, one NixOS command), and
 * the driver covers every pair of target, profile and platform (six calls, not all twelve), one
 * call when its files differ from an earlier run only in comments.
 *
 * The seed is printed with every failure; `CT_GEN_FUZZ_SEED=<n>` repeats a run or tries another.
 */
const SEED = Number(process.env.CT_GEN_FUZZ_SEED ?? 2025);
if (!Number.isSafeInteger(SEED)) throw new Error(`CT_GEN_FUZZ_SEED must be an integer, got ${process.env.CT_GEN_FUZZ_SEED}`);
const MODELS = 1000;
const again = `seed ${SEED} (CT_GEN_FUZZ_SEED=${SEED} npx vitest run tests/fuzz)`;

interface Outcome {
  index: number;
  mutation: Mutation;
  input: unknown;
  issues?: ModelIssue[];
  model?: Model;
  files?: GeneratedFile[];
  error?: string;
}

const { fields, leaves } = modelStrings(ModelSchema, fuzzFixtureInput);
const describeMutation = (o: Outcome) => (o.index === 0 ? 'model 0 (the fixture)' : `model ${o.index}: ${o.mutation.leaf.path.join('.')} ${o.mutation.how}`);

/** Model 0 is the fixture itself; model i changes a string of the (i-1)-th field, round robin. */
function outcomes(): Outcome[] {
  const random = prng(SEED);
  const kinds = [...fields].sort();
  const out: Outcome[] = [];
  for (let index = 0; index < MODELS; index++) {
    let mutation: Mutation;
    let input: unknown = fuzzFixtureInput;
    if (index === 0) {
      mutation = { leaf: { path: [], field: '(none)', key: false }, before: '', after: '', how: 'none' };
    } else {
      const field = kinds[(index - 1) % kinds.length]!;
      const candidates = leaves.filter((l) => l.field === field);
      const leaf = candidates[Math.floor(random() * candidates.length)]!;
      const before = leaf.key ? String(leaf.path[leaf.path.length - 1]) : (valueAt(fuzzFixtureInput, leaf.path) as string);
      const { after, how } = mutateValue(random, before);
      mutation = { leaf, before, after, how };
      input = withMutation(fuzzFixtureInput, leaf, after);
    }
    const outcome: Outcome = { index, mutation, input };
    try {
      outcome.model = validateModel(input);
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      outcome.issues = error.issues;
    }
    if (outcome.model) {
      try {
        outcome.files = generateFiles(outcome.model);
      } catch (error) {
        outcome.error = (error as Error).message;
      }
    }
    out.push(outcome);
  }
  return out;
}

/**
 * Where an issue says it is, as a path of the input: Tup nodes are named by their directory
 * (`tup.nodes["web"]`), which is turned back into the node's index.
 */
function issuePath(issue: ModelIssue, input: unknown): Path {
  const at = [...issue.at] as Path;
  if (at[0] === 'tup' && at[1] === 'nodes' && typeof at[2] === 'string') {
    const dir = JSON.parse(at[2]) as string;
    at[2] = (valueAt(input, ['tup', 'nodes']) as { dir: string }[]).findIndex((n) => (n.dir === '' ? '.' : n.dir) === dir);
  }
  return at;
}

/** The changed field's path in the changed input (a renamed record key is its new name). */
const changedPath = (m: Mutation): Path => (m.leaf.key ? [...m.leaf.path.slice(0, -1), m.after] : m.leaf.path);

/**
 * Whether an issue names the changed field: it stands at the field or at the list holding it, or
 * its message names the field's path, or quotes the value written there before or after the
 * change (a reference that no longer finds a renamed action or output is reported where it
 * stands, with the name it looks for or the names there are).
 */
function namesField(issue: ModelIssue, m: Mutation, input: unknown): boolean {
  const path = changedPath(m);
  const at = JSON.stringify(issuePath(issue, input));
  const list = path.length > 0 && typeof path[path.length - 1] === 'number' ? JSON.stringify(path.slice(0, -1)) : undefined;
  if (at === JSON.stringify(path) || at === list) return true;
  const quoted = [JSON.stringify(m.before), JSON.stringify(m.after), ...(m.after.length >= 3 ? [m.after] : [])];
  return issue.message.includes(formatPath(path)) || quoted.some((q) => issue.message.includes(q));
}

let all: Outcome[];
let generated: Outcome[];
/** The syntax checks run (shellcheck in two processes) while this process runs the scripts. */
let syntax: Promise<string[]>;
/** Where the files are checked and the scripts run; removed when every check passed. */
const workDirs: string[] = [];
let failures = 0;

beforeAll(() => {
  all = outcomes();
  generated = all.filter((o) => o.files !== undefined);
  const distinct = new Map<string, Distinct & { owner: Outcome }>();
  for (const o of generated) {
    for (const file of o.files!) {
      // A driver that differs from one already checked only in its targets' model digests (hex words) is the same to every syntax check.
      const key = `${file.path}\0${file.path === o.model!.layout.driver ? withoutDigests(file.content) : file.content}`;
      if (!distinct.has(key)) distinct.set(key, { path: file.path, content: file.content, files: o.files!, layout: o.model!.layout, owner: o });
    }
  }
  const dir = tempDir('fuzz-syntax');
  workDirs.push(dir);
  syntax = syntaxProblems(dir, [...distinct.values()]).then((found) =>
    [...found].map(([file, messages]) => `${describeMutation((file as Distinct & { owner: Outcome }).owner)}: ${file.path}: ${messages.join('; ').slice(0, 2000)}`),
  );
  // Reported by the test that awaits it.
  syntax.catch(() => {});
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail') failures++;
});

afterAll(() => {
  if (failures === 0) for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

describe(`${MODELS} models with a hostile string in one field (${again})`, () => {
  it('the fixture gives every string field of the schema a value', () => {
    const given = new Set(leaves.map((l) => l.field));
    expect([...fields].filter((f) => !given.has(f))).toEqual([]);
    expect(fields.size).toBeGreaterThan(100);
  });

  it('each model is refused with an issue at the changed field, or generates its files', () => {
    expect(all[0]!.files, `the fixture itself: ${all[0]!.issues?.map((i) => `${i.path}: ${i.message}`).join('; ')}`).toBeDefined();
    const problems = all.flatMap((o) => {
      if (o.error !== undefined) return [`${describeMutation(o)}: validated, then generation failed: ${o.error}`];
      if (o.issues === undefined) return [];
      if (o.issues.some((i) => namesField(i, o.mutation, o.input))) return [];
      return [`${describeMutation(o)}: refused, but no issue names the field: ${o.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 1000)}`];
    });
    expect(problems.join('\n'), again).toBe('');
    // Enough models pass validation to try the generated files.
    expect(generated.length).toBeGreaterThan(MODELS / 5);
  });

  it('every distinct generated script, run with recording stubs, passes exactly the model\'s values and runs nothing injected', () => {
    const problems: string[] = [];
    const base = tempDir('fuzz-run');
    workDirs.push(base);
    for (const { name, files, check } of CHECKS) {
      const seen = new Set<string>();
      const parts = new Set<string>();
      const fresh = (key: string) => {
        const hash = createHash('sha256').update(key).digest('hex');
        return !parts.has(hash) && Boolean(parts.add(hash));
      };
      for (const o of generated) {
        const mine = o.files!.filter((f) => files(f.path, o.model!.layout));
        if (mine.length === 0) continue;
        // The digest only names the model's switches: a model that changes them has its own driver check.
        const key = createHash('sha256').update(mine.map((f) => `${f.path}\0${withoutDigests(f.content)}`).join('\0')).digest('hex');
        if (seen.has(key)) continue;
        seen.add(key);
        const box = sandbox(join(base, `${name}-${o.index}`), o.model!, o.files!);
        for (const problem of execute(box, o.model!, o.files!, check, fresh)) problems.push(`${describeMutation(o)}: ${problem}`);
      }
    }
    expect(problems.join('\n'), again).toBe('');
  });

  it('every distinct generated file passes bash -n, shellcheck, nix-instantiate --parse, just --summary, a YAML parser and nim check', async () => {
    expect((await syntax).join('\n'), again).toBe('');
  });
});
