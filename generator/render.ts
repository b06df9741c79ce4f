import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeWhole } from './cache-files.js';
import { familiesDir, packageRoot } from './paths.js';
import { applyHelper, TEMPLATE_FORMATS, TEMPLATE_HELPERS, type TemplateFormat } from './quote.js';

import AST = hbs.AST;

type HandlebarsModule = typeof import('handlebars');
type Template = ReturnType<HandlebarsModule['template']>;
type Spec = Parameters<HandlebarsModule['template']>[0];

const require = createRequire(import.meta.url);

/**
 * The only door to handlebars. Templates are strict and unescaped (a helper refuses a missing
 * value rather than pasting an empty string), and hold the rendering contract (ARCHITECTURE.md, "Rendering"):
 * every mustache is a quoting helper of `quote.ts` for a syntax the template's declared format
 * holds, so a value reaches a generated file only quoted for the place it lands in.
 *
 * Only handlebars' runtime is loaded to render: each template is checked and compiled once, by
 * content, and kept precompiled in `dist/.template-cache/` (see ARCHITECTURE.md, "Start-up");
 * the compiler is loaded only when a template is not in that cache yet.
 */
const runtime = require('handlebars/runtime') as HandlebarsModule;
const hb = runtime.create();

interface HelperOptions {
  data: { ctGenFormat: TemplateFormat };
  /** What each value was written as (compiled with `trackIds`): a path, `true` for a subexpression, null for a literal. */
  ids?: (string | boolean | null)[];
  loc: { start: { line: number; column: number } };
}

/** A helper's refusal, at the mustache that called it. */
class HelperError extends Error {}

for (const name of Object.keys(TEMPLATE_HELPERS)) {
  hb.registerHelper(name, (...args: unknown[]) => {
    const options = args.pop() as HelperOptions;
    try {
      return applyHelper(name, args, options.data.ctGenFormat);
    } catch (error) {
      if (error instanceof HelperError) throw error;
      const shown = args.map((value, i) => {
        const id = options.ids?.[i];
        return typeof id === 'string' ? id : id === true ? '(…)' : JSON.stringify(value);
      });
      const { line, column } = options.loc.start;
      throw new HelperError(`${line}:${column}: {{${[name, ...shown].join(' ')}}}: ${(error as Error).message}`);
    }
  });
}

/** Helpers that compute a value inside a subexpression or a block; their result is never pasted as it is. */
const VALUE_HELPERS = {
  json: (value: unknown) => JSON.stringify(value),
  concat: (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''),
  join: (words: unknown, sep: unknown) => {
    if (!Array.isArray(words)) throw new Error(`template helper join expects a list, got ${JSON.stringify(words)}`);
    return words.map(String).join(typeof sep === 'string' ? sep : ' ');
  },
};
for (const [name, helper] of Object.entries(VALUE_HELPERS)) hb.registerHelper(name, helper);

const BLOCK_HELPERS = new Set(['each', 'if', 'unless', 'with']);

/** The first line of every template: `{{!-- format: sh --}}` (handlebars drops the line). */
const FORMAT_LINE = /^\{\{!-- format: ([a-z-]+) --\}\}\n/;

/** A template's declared format, from its first line. */
export function templateFormat(source: string): TemplateFormat {
  const declared = FORMAT_LINE.exec(source)?.[1];
  if (declared === undefined || !(declared in TEMPLATE_FORMATS)) {
    throw new Error(`must start with {{!-- format: F --}}, F one of ${Object.keys(TEMPLATE_FORMATS).join(', ')}${declared === undefined ? '' : ` (got ${declared})`}`);
  }
  return declared as TemplateFormat;
}

/** The templates a source includes (`{{> "nixos/locate-lib.sh.hbs"}}`). */
/** Where the template `<family>/<file>` lives: `generator/families/<family>/templates/<file>`. */
export function templatePath(name: string): string {
  const slash = name.indexOf('/');
  if (slash <= 0) throw new Error(`template name ${JSON.stringify(name)} must be <family>/<file>`);
  return join(familiesDir, name.slice(0, slash), 'templates', name.slice(slash + 1));
}

const partialNames = (source: string) => [...source.matchAll(/\{\{~?>\s*"([^"]+)"/g)].map((m) => m[1]!);

/** How every template is compiled; part of the cache key, with handlebars' version and the contract's. */
const OPTIONS = { noEscape: true, strict: true, trackIds: true } as const;
const CONTRACT_VERSION = 1;
const KEY_PREFIX = `${runtime.VERSION}\0${JSON.stringify(OPTIONS)}\0contract ${CONTRACT_VERSION}\0`;

/** Precompiled templates, one file per content hash; shared by the CLI (dist/) and the tests (sources). */
export const templateCacheDir = join(packageRoot, 'dist', '.template-cache');

const cache = new Map<string, { template: Template; format: TemplateFormat }>();

function load(name: string): { template: Template; format: TemplateFormat } {
  let entry = cache.get(name);
  if (!entry) {
    const source = readFileSync(templatePath(name), 'utf8');
    entry = { template: compileTemplate(source), format: templateFormat(source) };
    cache.set(name, entry);
    for (const partial of partialNames(source)) hb.registerPartial(partial, load(partial).template);
  }
  return entry;
}

/** Render a family's template `<family>/<file>` (`driver/driver.sh.hbs` is `generator/families/driver/templates/driver.sh.hbs`) with `context`. */
export function render(name: string, context: object): string {
  try {
    const { template, format } = load(name);
    return template(context, { data: { ctGenFormat: format } });
  } catch (error) {
    throw new Error(`template ${name}: ${(error as Error).message}`);
  }
}

/**
 * A template from its source: the precompiled form under `cacheDir` when one was stored for
 * this source, this handlebars, these options and this contract, else checked (`checkTemplate`),
 * compiled now and stored there. The key is the content, so an edited template can never be
 * answered from an old entry; an entry that does not evaluate is compiled again and replaced; a
 * cache that cannot be written only costs the compile on the next run.
 */
export function compileTemplate(source: string, cacheDir = templateCacheDir): Template {
  const key = createHash('sha256').update(KEY_PREFIX + source).digest('hex');
  const file = join(cacheDir, `${key}.js`);
  let stored: string | undefined;
  try {
    stored = readFileSync(file, 'utf8');
  } catch {
    // Not compiled yet.
  }
  if (stored !== undefined) {
    try {
      return hb.template(evaluate(stored));
    } catch {
      // A damaged entry: compile again below and replace it.
    }
  }
  const ast = compiler().parse(source);
  const problems = checkTemplate(ast, source, (partial) => templateFormat(readFileSync(templatePath(partial), 'utf8')));
  if (problems.length > 0) throw new Error(`breaks the rendering contract:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  // A copy: precompile adds its defaults to the options it is given.
  const spec = String(compiler().precompile(ast, { ...OPTIONS }));
  const template = hb.template(evaluate(spec));
  try {
    writeWhole(file, spec);
  } catch {
    // A read-only package: compiled in memory for this run.
  }
  return template;
}

/**
 * Every place `ast` breaks the rendering contract, as `line:column: what`: a mustache that is
 * not a quoting helper of `quote.ts` (`{{x}}`, `{{join xs}}`), a helper whose syntax the declared
 * format does not hold, `{{text}}` outside a comment or a quoted here-document, a partial of
 * another format, and handlebars features the contract does not cover (hashes, decorators, raw
 * blocks). `partialFormat` gives an included template's format.
 */
export function checkTemplate(ast: AST.Program, source: string, partialFormat: (name: string) => TemplateFormat): string[] {
  const problems: string[] = [];
  let format: TemplateFormat;
  try {
    format = templateFormat(source);
  } catch (error) {
    return [`1:0: ${(error as Error).message}`];
  }
  const lines = source.split('\n');
  const hereDocs = quotedHereDocumentLines(lines);
  const at = (node: AST.Node) => `${node.loc.start.line}:${node.loc.start.column}`;
  const nameOf = (node: AST.Expression) => (node.type === 'PathExpression' ? (node as AST.PathExpression).original : undefined);

  const visitValue = (node: AST.Expression) => {
    if (node.type !== 'SubExpression') return;
    const sub = node as AST.SubExpression;
    const name = nameOf(sub.path);
    if (name === undefined || !(name in TEMPLATE_HELPERS || name in VALUE_HELPERS)) problems.push(`${at(node)}: (${name ?? sub.path.type} …) is not a helper`);
    if (sub.hash) problems.push(`${at(node)}: hash arguments are not part of the contract`);
    sub.params.forEach(visitValue);
  };

  const visit = (node: AST.Node | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        (node as AST.Program).body.forEach(visit);
        return;
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const mustache = node as AST.MustacheStatement;
        const name = nameOf(mustache.path);
        const helper = name === undefined ? undefined : TEMPLATE_HELPERS[name];
        if (!helper || mustache.params.length === 0) {
          problems.push(`${at(node)}: {{${name ?? mustache.path.type}}} pastes a value without a quoting helper (TEMPLATE_HELPERS in generator/quote.ts)`);
          return;
        }
        if (!(TEMPLATE_FORMATS[format] as readonly string[]).includes(helper.format)) {
          problems.push(`${at(node)}: {{${name}}} writes ${helper.format}, which a ${format} template does not hold (${TEMPLATE_FORMATS[format].join(', ') || 'no values'})`);
        }
        if (name === 'text') {
          const { line, column } = node.loc.start;
          const before = lines[line - 1]!.slice(0, column);
          // A line of the value alone could be the here-document's delimiter; leading tabs do not count (`<<-`).
          const inHereDoc = hereDocs.has(line) && before.replace(/^\t+/, '') !== '';
          if (!before.includes('#') && !inHereDoc) problems.push(`${at(node)}: {{text}} belongs in a comment, or in a quoted here-document after other text on its line`);
        }
        if (mustache.hash) problems.push(`${at(node)}: hash arguments are not part of the contract`);
        mustache.params.forEach(visitValue);
        return;
      }
      case 'BlockStatement': {
        const block = node as AST.BlockStatement;
        const name = nameOf(block.path);
        if (name === undefined || !BLOCK_HELPERS.has(name)) problems.push(`${at(node)}: {{#${name ?? block.path.type}}} is not one of ${[...BLOCK_HELPERS].join(', ')}`);
        block.params.forEach(visitValue);
        visit(block.program);
        visit(block.inverse);
        return;
      }
      case 'PartialStatement': {
        const partial = node as AST.PartialStatement;
        // handlebars' types leave out the string name its parser gives.
        const named = partial.name as AST.PathExpression | AST.SubExpression | AST.StringLiteral;
        if (named.type !== 'StringLiteral') {
          problems.push(`${at(node)}: a partial is named by a string, {{> "family/file.hbs"}}`);
          return;
        }
        const name = named.value;
        let included: TemplateFormat | undefined;
        try {
          included = partialFormat(name);
        } catch (error) {
          problems.push(`${at(node)}: partial ${name}: ${(error as Error).message}`);
        }
        if (included !== undefined && included !== format) problems.push(`${at(node)}: partial ${name} is ${included}, this template ${format}`);
        if (partial.hash) problems.push(`${at(node)}: hash arguments are not part of the contract`);
        partial.params.forEach(visitValue);
        return;
      }
      default:
        problems.push(`${at(node)}: ${node.type} is not part of the contract`);
    }
  };
  visit(ast);
  return problems;
}

/** The 1-based numbers of the lines inside quoted shell here-documents (`<<'END'` … `END`). */
function quotedHereDocumentLines(lines: readonly string[]): Set<number> {
  const inside = new Set<number>();
  let end: string | undefined;
  lines.forEach((line, i) => {
    if (end !== undefined) {
      if (line.replace(/^\t+/, '') === end) end = undefined;
      else inside.add(i + 1);
      return;
    }
    end = /<<-?\s*(['"])(\w+)\1/.exec(line)?.[2];
  });
  return inside;
}

/** handlebars' precompiled form is the source of an object literal with the template's functions. */
function evaluate(spec: string): Spec {
  return new Function(`return ${spec};`)() as Spec;
}

let fullHandlebars: HandlebarsModule | undefined;
function compiler(): HandlebarsModule {
  fullHandlebars ??= require('handlebars') as HandlebarsModule;
  return fullHandlebars;
}
