import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { familiesDir, packageRoot } from './paths.js';
import { justWord, nixIndentedBody, nixString, shellJoin, shellQuote, tupValue, tupWord } from './quote.js';

type HandlebarsModule = typeof import('handlebars');
type Template = ReturnType<HandlebarsModule['template']>;
type Spec = Parameters<HandlebarsModule['template']>[0];

const require = createRequire(import.meta.url);

/**
 * The only door to handlebars. Templates are strict (a missing value is an error, not an
 * empty string) and unescaped; every value goes through a helper that knows its syntax.
 *
 * Only handlebars' runtime is loaded to render: each template is compiled once, by content, and
 * kept precompiled in `dist/.template-cache/` (see ARCHITECTURE.md, "Start-up"); the compiler
 * is loaded only when a template is not in that cache yet.
 */
let instance: HandlebarsModule | undefined;

/** handlebars' runtime with this module's helpers, loaded on the first render (lint never renders). */
function runtime(): HandlebarsModule {
  if (instance) return instance;
  const hb = (require('handlebars/runtime') as HandlebarsModule).create();

  hb.registerHelper('sh', (value: unknown) => shellQuote(String(value)));
  hb.registerHelper('shJoin', (words: unknown) => shellJoin(asStrings(words, 'shJoin')));
  hb.registerHelper('tup', (value: unknown) => tupWord(String(value)));
  hb.registerHelper('tupValue', (value: unknown) => tupValue(String(value)));
  hb.registerHelper('nixStr', (value: unknown) => nixString(String(value)));
  hb.registerHelper('nixBody', (value: unknown) => nixIndentedBody(String(value)));
  hb.registerHelper('just', (value: unknown) => justWord(String(value)));
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hb.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('join', (words: unknown, sep: unknown) => asStrings(words, 'join').join(typeof sep === 'string' ? sep : ' '));
  hb.registerHelper('indent', (text: unknown, width: unknown) => {
    const pad = ' '.repeat(Number(width));
    return String(text)
      .split('\n')
      .map((line) => (line === '' ? line : pad + line))
      .join('\n');
  });
  instance = hb;
  return hb;
}

function asStrings(value: unknown, helper: string): string[] {
  if (!Array.isArray(value)) throw new Error(`template helper ${helper} expects a list, got ${JSON.stringify(value)}`);
  return value.map(String);
}

/** How every template is compiled; part of the cache key, with handlebars' version. */
const OPTIONS = { noEscape: true, strict: true } as const;
const keyPrefix = () => `${runtime().VERSION}\0${JSON.stringify(OPTIONS)}\0`;

/** Precompiled templates, one file per content hash; shared by the CLI (dist/) and the tests (sources). */
export const templateCacheDir = join(packageRoot, 'dist', '.template-cache');

const cache = new Map<string, Template>();

/** Where the template `<family>/<file>` lives. */
export function templatePath(name: string): string {
  const slash = name.indexOf('/');
  if (slash <= 0) throw new Error(`template name ${JSON.stringify(name)} must be <family>/<file>`);
  return join(familiesDir, name.slice(0, slash), 'templates', name.slice(slash + 1));
}

/** Render a family's template `<family>/<file>` (`driver/driver.sh.hbs` is `generator/families/driver/templates/driver.sh.hbs`) with `context`. */
export function render(name: string, context: object): string {
  try {
    let template = cache.get(name);
    if (!template) {
      template = compileTemplate(readFileSync(templatePath(name), 'utf8'));
      cache.set(name, template);
    }
    return template(context);
  } catch (error) {
    throw new Error(`template ${name}: ${(error as Error).message}`);
  }
}

/**
 * A template from its source: the precompiled form under `cacheDir` when one was stored for
 * this source, this handlebars and these options, else compiled now and stored there. The key
 * is the content, so an edited template can never be answered from an old entry; an entry that
 * does not evaluate is compiled again and replaced; a cache that cannot be written only costs
 * the compile on the next run.
 */
export function compileTemplate(source: string, cacheDir = templateCacheDir): Template {
  const key = createHash('sha256').update(keyPrefix() + source).digest('hex');
  const file = join(cacheDir, `${key}.js`);
  let stored: string | undefined;
  try {
    stored = readFileSync(file, 'utf8');
  } catch {
    // Not compiled yet.
  }
  if (stored !== undefined) {
    try {
      return runtime().template(evaluate(stored));
    } catch {
      // A damaged entry: compile again below and replace it.
    }
  }
  // A copy: precompile adds its defaults to the options it is given.
  const spec = String(compiler().precompile(source, { ...OPTIONS }));
  const template = runtime().template(evaluate(spec));
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written whole and renamed: a concurrent run reads the old state or the new, never half.
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, spec);
    renameSync(temp, file);
  } catch {
    // A read-only package: compiled in memory for this run.
  }
  return template;
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
