import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from './paths.js';
import { justWord, nixIndentedBody, nixString, shellJoin, shellQuote, tupValue, tupWord } from './quote.js';

/**
 * The only door to handlebars. Templates are strict (a missing value is an error, not an
 * empty string) and unescaped; every value goes through a helper that knows its syntax.
 */
const hb = Handlebars.create();

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

function asStrings(value: unknown, helper: string): string[] {
  if (!Array.isArray(value)) throw new Error(`template helper ${helper} expects a list, got ${JSON.stringify(value)}`);
  return value.map(String);
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Render `templates/<name>` (e.g. `driver/build_codetracer.sh.hbs`) with `context`. */
export function render(name: string, context: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(join(templatesDir, name), 'utf8');
    template = hb.compile(source, { noEscape: true, strict: true });
    cache.set(name, template);
  }
  try {
    return template(context);
  } catch (error) {
    throw new Error(`template ${name}: ${(error as Error).message}`);
  }
}
