import { PLACEHOLDER } from '../model/schema/legacy.js';
import { CONTROL_CHARACTER, isNixIdentifier, JUST_NAME, TUP_PATH, TUP_PATH_CHARACTERS } from '../model/schema/names.js';
import { shellQuote } from './shell-quote.js';

export { shellJoin, shellQuote } from './shell-quote.js';

/**
 * Quoting for every syntax ct-gen writes. The functions at the top turn a value into text of one
 * syntax (a shell word, a Nix string, …) and are used as they are by lint and the CLI. Templates
 * reach them only through `TEMPLATE_HELPERS` below, which wrap their result in `Quoted`: the one
 * kind of value a template pastes (see ARCHITECTURE.md, "Rendering").
 */

/** A `case` pattern: `*` and `?` match, every other character stands for itself. */
export function shellPattern(glob: string): string {
  if (glob === '') return "''";
  return glob.split(/([*?])/).map((piece) => (piece === '*' || piece === '?' ? piece : piece === '' ? '' : shellQuote(piece))).join('');
}

/** A shell variable name, refused unless it is one. */
export function shellName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`${JSON.stringify(name)} is not a shell variable name`);
  return name;
}

/** A Nix double-quoted string literal. */
export function nixString(value: string): string {
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\$\{/g, '\\${')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${body}"`;
}

/**
 * Text placed verbatim inside a Nix `''…''` string. `${` becomes `''${`; every `'` becomes
 * `${"'"}`, because a quote next to an escape or at the end would merge with it (`'''`).
 */
export function nixIndentedBody(value: string): string {
  return value.replace(/'|\$\{/g, (m) => (m === "'" ? `\${"'"}` : "''${"));
}

/** A Nix identifier (a formal argument, an attribute name), refused unless it is one. */
export function nixIdentifier(name: string): string {
  if (!isNixIdentifier(name)) throw new Error(`${JSON.stringify(name)} is not a Nix identifier`);
  return name;
}

/** A Nix attribute path (`pkgs.sqlite.out`): identifiers joined by dots. */
export function nixAttributePath(path: string): string {
  if (!path.split('.').every(isNixIdentifier)) throw new Error(`${JSON.stringify(path)} is not a Nix attribute path`);
  return path;
}

const TUP_SPECIAL = /[%^]|\$\(|@\(|&\(|\|>/;

/**
 * A word inside a Tup command: shell-quoted, and refused when it holds Tup syntax
 * (`%`, `^`, `$(`, `@(`, `&(`, `|>`), which Tup would expand before the shell sees it.
 */
export function tupWord(word: string): string {
  if (TUP_SPECIAL.test(word)) {
    throw new Error(`value ${JSON.stringify(word)} contains Tup syntax (% ^ $( @( &( |>) and cannot be used literally in a Tup command`);
  }
  return shellQuote(word);
}

/**
 * The right-hand side of a Tup variable that is spliced into paths and commands (`EXE_SUFFIX =
 * .exe`): written as is, so it may hold neither Tup syntax nor white space nor shell quoting.
 */
export function tupValue(value: string): string {
  if (TUP_SPECIAL.test(value) || !/^[A-Za-z0-9_.:\/+-]*$/.test(value)) {
    throw new Error(`value ${JSON.stringify(value)} cannot be a literal Tup variable value (letters, digits and _ . : / \\ + - only)`);
  }
  return value;
}

/**
 * A path in a Tup rule's inputs or outputs as the resolver spells it: the model's path characters
 * (Tup has no quoting for paths and pastes them into commands unquoted) and glob characters, with
 * the resolver's own variables (`$(SRC_DIR)`, `$(EXE_SUFFIX)`) and file flags (`%b`, `%B`).
 */
export function tupPath(path: string): string {
  const literal = path.split(/\$\([A-Z][A-Z0-9_]*\)|%[bB]|[*?[\]]/).filter((piece) => piece !== '');
  if (path === '' || !literal.every((piece) => TUP_PATH.test(piece))) throw new Error(`${JSON.stringify(path)} cannot be a Tup path (${TUP_PATH_CHARACTERS}, and * ? [ ] in globs)`);
  return path;
}

/** A Tup macro name (`!ct_copy`). */
export function tupMacro(name: string): string {
  if (!/^![A-Za-z0-9_]+$/.test(name)) throw new Error(`${JSON.stringify(name)} is not a Tup macro name`);
  return name;
}

/** A `tup.config` line: Tup reads the value to the end of the line, after dropping leading blanks; a leading " starts a quoted value. */
export function tupConfigLine(key: string, value: string): string {
  if (!/^CONFIG_[A-Z0-9_]+$/.test(key)) throw new Error(`${JSON.stringify(key)} is not a tup.config name (CONFIG_ and upper-case letters, digits, _)`);
  if (CONTROL_CHARACTER.test(value) || /^[\s"]|\s$/.test(value)) throw new Error(`${JSON.stringify(value)} cannot be a tup.config value (one line, no leading or trailing blank, no leading ")`);
  return `${key}=${value}`;
}

/** A word in a justfile recipe line: shell-quoted, with just's `{{` doubled. */
export function justWord(word: string): string {
  return justEscape(shellQuote(word));
}

/** Shell text in a justfile recipe line: just's `{{` doubled. */
const justEscape = (shell: string) => shell.replace(/\{\{/g, '{{"{{"}}');

/** A just recipe or parameter name. */
/** A just string literal `'…'` (no escapes inside): a value without a single quote or a control character. */
export function justString(value: string): string {
  if (value.includes("'") || CONTROL_CHARACTER.test(value)) throw new Error(`${JSON.stringify(value)} cannot be a just '…' string`);
  return `'${value}'`;
}

/** A relative Nix path literal (`./lib/x.sh`, `../../scripts`): only path characters, starting with ./ or ../. */
export function nixPathLiteral(path: string): string {
  if (!/^\.\.?\/[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/.test(path) && !/^(\.\.\/)+[A-Za-z0-9._+-]*$/.test(path)) throw new Error(`${JSON.stringify(path)} is not a relative Nix path`);
  return path;
}

export function justName(name: string): string {
  if (!JUST_NAME.test(name)) throw new Error(`${JSON.stringify(name)} is not a just recipe or parameter name`);
  return name;
}

/**
 * A YAML double-quoted scalar: JSON's escapes (valid YAML), plus every character YAML may not
 * hold as it is or reads as a line break (C1 controls, U+2028, U+2029, BOM, non-characters).
 */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(/[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A Nim string literal (Nim 1.6 and 2.x): backslash, quote and control characters escaped. */
export function nimString(value: string): string {
  const body = value.replace(/[\\"\x00-\x1f\x7f]/g, (c) =>
    c === '\\' || c === '"' ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `"${body}"`;
}

/** A Nim literal: string, integer, bool, or a `seq[string]` of strings. */
export function nimValue(value: unknown): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string') return nimString(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return `@[${value.map(nimString).join(', ')}]`;
  throw new Error(`${JSON.stringify(value)} has no Nim literal here (string, integer, bool or list of strings)`);
}

/** A Nim identifier: a letter, then letters, digits and single underscores. */
export function nimIdentifier(name: string): string {
  if (!/^[A-Za-z](?:_?[A-Za-z0-9])*$/.test(name)) throw new Error(`${JSON.stringify(name)} is not a Nim identifier`);
  return name;
}

/**
 * Text that runs to the end of its line where the host reads it as text: a comment, a line of a
 * quoted here-document. One line without control characters; in Tup, whose lines continue after a
 * trailing backslash even in a comment, without one.
 */
export function oneLine(text: string, format?: TemplateFormat): string {
  if (CONTROL_CHARACTER.test(text)) throw new Error(`${JSON.stringify(text)} is not one line of text (it holds a control character)`);
  if (format === 'tup' && text.endsWith('\\')) throw new Error(`${JSON.stringify(text)} ends with a backslash, which would continue a Tup line`);
  return text;
}

// --- Host words: values with `${name}` placeholders --------------------------------------------

/** A surface value split at its `${name}` placeholders (model/schema/legacy.ts). */
export type Part = { literal: string } | { placeholder: string };

export function parts(value: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of value.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push({ literal: value.slice(last, m.index) });
    out.push({ placeholder: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push({ literal: value.slice(last) });
  return out;
}

/** A shell variable or positional parameter (`$1` … `$9`) a placeholder names. */
const shellParameter = (name: string) => (/^[1-9]$/.test(name) ? name : shellName(name));

/** A bash word: placeholders are shell variables, expanded inside double quotes; everything else is literal. */
export function shellHostWord(value: string): string {
  const split = parts(value);
  if (split.every((p) => 'literal' in p)) return shellQuote(value);
  return `"${split.map((p) => ('literal' in p ? p.literal.replace(/[\\"$`]/g, '\\$&') : `\${${shellParameter(p.placeholder)}}`)).join('')}"`;
}

/** A word in a just recipe line: placeholders are recipe parameters, concatenated with literals and quoted by just itself. */
export function justHostWord(value: string): string {
  const split = parts(value);
  if (split.every((p) => 'literal' in p)) return justWord(value);
  const terms = split.map((p) => {
    if ('placeholder' in p) return justName(p.placeholder);
    if (p.literal.includes("'")) throw new Error(`value ${JSON.stringify(value)}: a literal next to a recipe parameter cannot hold a single quote`);
    return `'${p.literal}'`;
  });
  return `{{ quote(${terms.join(' + ')}) }}`;
}

/** In a Nix phase, an upper-case placeholder (`${ISONIM_STAGE}`) is a shell variable the phase sets; any other is a Nix value. */
export const isPhaseVariable = (placeholder: string) => /^[A-Z][A-Z0-9_]*$/.test(placeholder);

const SENTINEL = '\u0000';

/**
 * A bash word inside a Nix `''…''` string: Nix values become interpolations inside single quotes
 * (store paths hold no quote), phase variables are expanded by bash inside double quotes, the
 * rest is bash-quoted; the whole is then escaped for Nix.
 */
export function nixPhaseWord(value: string): string {
  const split = parts(value);
  if (split.every((p) => 'literal' in p)) return nixIndentedBody(shellQuote(value));
  const exprs = split.flatMap((p) => ('placeholder' in p && !isPhaseVariable(p.placeholder) ? [p.placeholder.split('.').map(nixIdentifier).join('.')] : []));
  const bash = `'${split
    .map((p) => ('literal' in p ? p.literal.replace(/'/g, `'\\''`) : isPhaseVariable(p.placeholder) ? `'"$${p.placeholder}"'` : SENTINEL))
    .join('')}'`.replace(/^''(?=")/, '').replace(/(?<=")''$/, '');
  let i = 0;
  return nixIndentedBody(bash).replace(new RegExp(SENTINEL, 'g'), () => `\${${exprs[i++]}}`);
}

// --- What templates paste --------------------------------------------------------------------

/**
 * The syntaxes a quoted value is valid in. A file mixes several: a Nix file holds Nix code and
 * the bodies of `''…''` strings, a shell script shell code and lines of text (comments and quoted
 * here-documents).
 */
export type Format = 'sh' | 'tup' | 'tup-config' | 'nix' | 'nix-indented' | 'just' | 'yaml' | 'nim' | 'text';

/** A template's declared format (its first line, `{{!-- format: sh --}}`) and the syntaxes it may paste. */
export const TEMPLATE_FORMATS = {
  sh: ['sh', 'text'],
  tup: ['tup', 'text'],
  'tup-config': ['tup-config'],
  nix: ['nix', 'nix-indented', 'text'],
  just: ['just', 'text'],
  yaml: ['yaml', 'text'],
  nim: ['nim', 'text'],
  gitignore: [],
} as const satisfies Record<string, readonly Format[]>;

export type TemplateFormat = keyof typeof TEMPLATE_FORMATS;

const MINT = Symbol('quote.ts');

/**
 * Text of `format` made from data by a helper of this module. It cannot be made elsewhere (the
 * constructor wants a token only this module has), so a value that reaches a template as
 * `Quoted` was quoted for the syntax its tag names.
 */
export class Quoted {
  constructor(
    token: symbol,
    readonly format: Format,
    readonly text: string,
  ) {
    if (token !== MINT) throw new Error('Quoted values are made by the quoting helpers of generator/quote.ts only');
  }

  toString(): string {
    return this.text;
  }
}

interface Helper {
  /** The syntax its output is valid in. */
  format: Format;
  /** How it turns the values of a mustache into that syntax; `format` is the template's. */
  quote: (values: readonly unknown[], format: TemplateFormat) => string;
  /** Text quoted for another syntax that this one may hold, and how: shell code in a Nix string, a YAML value, a recipe line. */
  embeds?: Partial<Record<Format, (text: string) => string>>;
}

const scalar = (name: string, value: unknown): string => {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`{{${name}}} takes strings, numbers or booleans, got ${value === undefined ? 'undefined' : value instanceof Quoted ? `a value quoted for ${value.format}` : JSON.stringify(value)}`);
};

/** A helper of exactly one plain value. */
const one = (name: string, quote: (value: string) => string): Helper['quote'] => (values) => {
  if (values.length !== 1) throw new Error(`{{${name}}} takes one value, got ${values.length}`);
  return quote(scalar(name, values[0]));
};

/** A helper of any number of plain values, lists spread, each quoted and joined by `separator`. */
const each = (name: string, quote: (value: string) => string, separator = ' '): Helper['quote'] => (values) =>
  values.flatMap((v) => (Array.isArray(v) ? v : [v])).map((v) => quote(scalar(name, v))).join(separator);

/**
 * The helpers templates paste values with, by name. Each takes plain values (strings, numbers,
 * booleans) and quotes them for its syntax, or one value already quoted for that syntax (a
 * partial's output, a subexpression's) and pastes it unchanged; a value quoted for another syntax
 * is an error unless the helper embeds it (`embeds`).
 */
export const TEMPLATE_HELPERS: Record<string, Helper> = {
  /** Shell words, each value (or list element) one word. */
  sh: { format: 'sh', quote: each('sh', shellQuote) },
  /** A shell word whose `${name}` placeholders are shell variables. */
  shHost: { format: 'sh', quote: one('shHost', shellHostWord) },
  /** A `case` pattern: `*` and `?` match. */
  shPattern: { format: 'sh', quote: one('shPattern', shellPattern) },
  /** A shell variable name. */
  shName: { format: 'sh', quote: one('shName', shellName) },
  /** A word of a Tup command. */
  tup: { format: 'tup', quote: one('tup', tupWord) },
  /** A Tup variable's value, or a name, spliced as it is. */
  tupValue: { format: 'tup', quote: one('tupValue', tupValue) },
  /** Paths of a Tup rule's inputs or outputs, separated by spaces. */
  tupPath: { format: 'tup', quote: each('tupPath', tupPath) },
  tupMacro: { format: 'tup', quote: one('tupMacro', tupMacro) },
  /** A `tup.config` line from a name and a value. */
  tupConfig: {
    format: 'tup-config',
    quote: (values) => {
      if (values.length !== 2) throw new Error(`{{tupConfig}} takes a name and a value, got ${values.length} values`);
      return tupConfigLine(scalar('tupConfig', values[0]), scalar('tupConfig', values[1]));
    },
  },
  /** A Nix string literal. */
  nixStr: { format: 'nix', quote: one('nixStr', nixString), embeds: { sh: nixString } },
  /** Text inside a Nix `''…''` string. */
  nixBody: { format: 'nix-indented', quote: one('nixBody', nixIndentedBody), embeds: { sh: nixIndentedBody } },
  /** A bash word of a Nix phase whose placeholders are Nix values or phase variables. */
  nixHost: { format: 'nix-indented', quote: one('nixHost', nixPhaseWord) },
  nixIdent: { format: 'nix', quote: one('nixIdent', nixIdentifier) },
  /** A Nix attribute path, identifiers joined by dots. */
  nixAttrPath: { format: 'nix', quote: one('nixAttrPath', nixAttributePath) },
  /** A relative Nix path literal. */
  nixPath: { format: 'nix', quote: one('nixPath', nixPathLiteral) },
  /** Words of a just recipe line. */
  just: { format: 'just', quote: each('just', justWord), embeds: { sh: justEscape } },
  /** A word of a just recipe line whose placeholders are recipe parameters. */
  justHost: { format: 'just', quote: one('justHost', justHostWord) },
  justName: { format: 'just', quote: one('justName', justName) },
  /** A just '…' string. */
  justStr: { format: 'just', quote: one('justStr', justString) },
  /** A YAML double-quoted scalar. */
  yaml: { format: 'yaml', quote: one('yaml', yamlString), embeds: { sh: yamlString } },
  /** A Nim literal: string, integer, bool, or a list of strings as `seq[string]`. */
  nim: {
    format: 'nim',
    quote: (values) => {
      if (values.length !== 1) throw new Error(`{{nim}} takes one value, got ${values.length}`);
      return nimValue(values[0]);
    },
  },
  nimIdent: { format: 'nim', quote: one('nimIdent', nimIdentifier) },
  /** Values joined by spaces as one line of text, for comments and quoted here-documents. */
  text: { format: 'text', quote: (values, format) => oneLine(each('text', (v) => v)(values, format), format) },
};

/**
 * What `{{name value…}}` pastes in a template of `format`: the values quoted by the helper
 * `name`, or one value already quoted for the helper's syntax, unchanged (or embedded, see
 * `embeds`). `undefined`, objects and values quoted for another syntax are errors.
 */
export function applyHelper(name: string, values: readonly unknown[], format: TemplateFormat): Quoted {
  const helper = TEMPLATE_HELPERS[name];
  if (!helper) throw new Error(`unknown quoting helper ${name}`);
  const [first] = values;
  if (values.length === 1 && first instanceof Quoted) {
    if (first.format === helper.format) return first;
    const embed = helper.embeds?.[first.format];
    if (embed) return new Quoted(MINT, helper.format, embed(first.text));
    throw new Error(`{{${name}}} pastes ${helper.format}, and got a value quoted for ${first.format}: ${JSON.stringify(first.text)}`);
  }
  return new Quoted(MINT, helper.format, helper.quote(values, format));
}
