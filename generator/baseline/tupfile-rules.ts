import { posix } from 'node:path';
import { logicalLines } from '../../lint/extract/logical-lines.js';
import { globToRegExp } from '../../lint/glob.js';
import { SourceText } from '../../lint/source.js';

/** Where a compile of a generated script is written in the checkout. */
export interface RuleLocation {
  /** The Tupfile (or a file it `include`s), relative to the checkout. */
  file: string;
  /** 1-based line where the `:` rule starts. */
  line: number;
  /** The `!macro` the rule runs, if it runs one. */
  macro?: string;
}

export interface RuleQuery {
  /** The compiled source as the command names it (`codetracer.nim`, `frontend/index.nim`). */
  source: string;
  /** The `--out:` value, when the command gives one. */
  output?: string;
  /** `@(NAME)` values of the variant: tup.config entries without `CONFIG_`, `TUP_PLATFORM` included. */
  config: ReadonlyMap<string, string>;
}

interface Rule {
  file: string;
  line: number;
  inputs: string[];
  command: string;
  outputs: string[];
  /** False in a branch the variant's config rules out; undefined when the condition reads other variables. */
  active: boolean | undefined;
}

/** How many `include` levels are followed. */
const MAX_INCLUDES = 8;

/**
 * The `:` rule of a Tupfile that produced a compile: one whose input list names the source
 * (by file name; globs and `$(VAR)` match anything), among several the one whose output list
 * names the `--out` file, skipping branches of `ifeq (@(X),…)`, `ifdef X` the variant's config
 * rules out. Rules in files the Tupfile `include`s count too. Undefined when no rule matches.
 */
export function findRule(read: (path: string) => string | undefined, tupfile: string, query: RuleQuery): RuleLocation | undefined {
  const rules = readRules(read, tupfile, query.config, 0).filter((r) => r.active !== false);
  const byInput = rules.filter((r) => r.inputs.some((input) => namePattern(input, query.source).test(posix.basename(query.source))));
  const byOutput = (list: Rule[]) => (query.output === undefined ? [] : list.filter((r) => r.outputs.some((o) => namePattern(o, query.source).test(posix.basename(query.output!)))));
  const chosen = byOutput(byInput)[0] ?? byInput[0] ?? byOutput(rules)[0];
  if (!chosen) return undefined;
  const macro = /^!([\w.-]+)/.exec(withoutDisplay(chosen.command))?.[0];
  return { file: chosen.file, line: chosen.line, ...(macro !== undefined && { macro }) };
}

function readRules(read: (path: string) => string | undefined, file: string, config: ReadonlyMap<string, string>, depth: number): Rule[] {
  const text = read(file);
  if (text === undefined || depth > MAX_INCLUDES) return [];
  const rules: Rule[] = [];
  const branches = new Branches(config);
  for (const logical of logicalLines(new SourceText(text))) {
    const body = logical.snippet.text.trim();
    if (body === '' || body.startsWith('#')) continue;
    if (branches.read(body)) continue;
    const include = /^include\s+(\S+)$/.exec(body);
    if (include && branches.active !== false) rules.push(...readRules(read, posix.normalize(posix.join(posix.dirname(file), include[1]!)), config, depth + 1));
    if (!body.startsWith(':')) continue;
    const [inputs = '', command = '', outputs = ''] = body.slice(1).split('|>');
    rules.push({ file, line: logical.firstLine, inputs: names(inputs), command: command.trim(), outputs: names(outputs), active: branches.active });
  }
  return rules;
}

/** The file names of a rule's input or output list: before `|` (order-only inputs, extra outputs), without `foreach`, groups and bins. */
function names(list: string): string[] {
  const main = list.split(/\s\|\s|^\|\s|\s\|$/)[0] ?? '';
  return main.split(/\s+/).filter((w) => w !== '' && w !== 'foreach' && !/^[<{]/.test(w));
}

/** A rule's input or output word as a pattern over file names: globs stay, `%B`/`%b` are the source's, variables and other `%` flags match anything. */
function namePattern(word: string, source: string): RegExp {
  const file = posix.basename(source);
  const glob = posix
    .basename(word)
    .replace(/[$@&]\([^)]*\)/g, '*')
    .replace(/%[0-9]*([a-zA-Z%])/g, (m, flag: string) => (flag === 'b' ? file : flag === 'B' ? file.replace(/\.[^.]*$/, '') : flag === '%' ? '%' : '*'));
  return globToRegExp(glob);
}

/** Past Tup's `^ display text^` prefix. */
const withoutDisplay = (command: string) => command.replace(/^\^[^^]*\^\s*/, '');

/** `ifeq`/`ifneq`/`ifdef`/`ifndef`/`else`/`endif`, as far as the variant's config decides them. */
class Branches {
  private readonly stack: { condition: boolean | undefined; inElse: boolean }[] = [];

  constructor(private readonly config: ReadonlyMap<string, string>) {}

  /** Whether every enclosing condition holds: false when one is known false, undefined when one is unknown. */
  get active(): boolean | undefined {
    let active: boolean | undefined = true;
    for (const { condition, inElse } of this.stack) {
      if (condition === undefined) active = active === false ? false : undefined;
      else if (condition === inElse) return false;
    }
    return active;
  }

  /** Take a conditional line; false when the line is something else. */
  read(body: string): boolean {
    const eq = /^(ifn?eq)\s*\((.*)\)$/.exec(body);
    const def = /^(ifn?def)\s+(\S+)$/.exec(body);
    if (eq) {
      const [left, right] = splitComparison(eq[2]!).map((side) => this.expand(side));
      const same = left === undefined || right === undefined ? undefined : left === right;
      this.stack.push({ condition: same === undefined ? undefined : eq[1] === 'ifeq' ? same : !same, inElse: false });
    } else if (def) this.stack.push({ condition: this.config.has(def[2]!) === (def[1] === 'ifdef'), inElse: false });
    else if (body === 'else' && this.stack.length > 0) this.stack[this.stack.length - 1]!.inElse = true;
    else if (body === 'endif') this.stack.pop();
    else return false;
    return true;
  }

  /** `@(NAME)` from the config; undefined when the text reads a variable the config does not give. */
  private expand(text: string): string | undefined {
    let known = true;
    const value = text.replace(/@\(([\w.-]+)\)/g, (_m, name: string) => {
      const v = this.config.get(name);
      if (v === undefined) known = false;
      return v ?? '';
    });
    return known && !/[$&]\(/.test(value) ? value.trim() : undefined;
  }
}

/** `a,b` of `ifeq (a,b)`, at the first comma outside parentheses. */
function splitComparison(text: string): [string, string] {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) return [text.slice(0, i), text.slice(i + 1)];
  }
  return [text, ''];
}
