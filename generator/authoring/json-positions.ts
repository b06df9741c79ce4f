/**
 * Where each value of a JSON document starts, by path: a scanner that follows the JSON grammar
 * only as far as positions need (JSON.parse has already accepted the text, or reports the error).
 */

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like editors count. */
  column: number;
}

export interface JsonEntry {
  /** Where the value starts. */
  value: Position;
  /** Where its key starts, for a member of an object. */
  key?: Position;
}

const LITERAL = /true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A path as a map key: `["targets",0,"source"]`. */
export const pathKey = (path: readonly PropertyKey[]) => JSON.stringify(path.map((k) => (typeof k === 'number' ? k : String(k))));

/** Every value of `text` by `pathKey` of its path; the root is `[]`. Later duplicate keys win, as in JSON.parse. */
export function jsonPositions(document: string): Map<string, JsonEntry> {
  // A byte-order mark is no column an editor shows.
  const text = document.charCodeAt(0) === 0xfeff ? document.slice(1) : document;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const at = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  const entries = new Map<string, JsonEntry>();
  let i = 0;
  const fail = (what: string): never => {
    const { line, column } = at(i);
    throw new SyntaxError(`${what} at ${line}:${column}`);
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i;
    if (text[i] !== '"') fail('expected a string');
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: PropertyKey[], key?: Position) => {
    space();
    entries.set(pathKey(path), { value: at(i), ...(key && { key }) });
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        const keyAt = at(i);
        const name = string();
        space();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        value([...path, name], keyAt);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (let index = 0; ; index++) {
        value([...path, index]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('expected "," or "]"');
      }
    }
    if (c === '"') return void string();
    LITERAL.lastIndex = i;
    if (!LITERAL.test(text)) {
      // Past what still begins a value (`tru` of true, a minus sign), where JSON.parse stops too.
      const word = ['true', 'false', 'null'].find((w) => w[0] === c);
      if (word !== undefined) for (let k = 0; k < word.length && text[i] === word[k]; k++) i++;
      else if (c === '-') i++;
      fail('expected a JSON value');
    }
    i = LITERAL.lastIndex;
  };
  value([]);
  return entries;
}
