import { Node } from './ts-morph.js';

/**
 * Inserting an element into an array literal of a model file as a maintainer would type it:
 * the new element formatted by prettier in the model's style at the place it goes, and every
 * other byte of the file left as it was (the model files are not all prettier's layout, so a
 * whole-file format would rewrite lines nobody touched).
 */

/** The model files' style as prettier options: `model/codetracer/targets.ts` is prettier's output with these. */
export const MODEL_STYLE = { parser: 'typescript', singleQuote: true, printWidth: 160 } as const;

/** Replace `[start, end)` of a file's text with `text` (an insertion when start = end). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * An expression written as it will stand at `column` on a line indented by `indent`: prettier in
 * the model's style, lines after the first indented. An object whose source breaks after `{`
 * stays broken, one member per line, as prettier keeps it.
 */
export async function formatExpression(source: string, indent: number, column = indent): Promise<string> {
  const prettier = await import('prettier');
  // As an expression statement, `(…);` costs the first line two columns more than `…,` in the array: close enough.
  const formatted = await prettier.format(`(${source});\n`, { ...MODEL_STYLE, printWidth: Math.max(40, MODEL_STYLE.printWidth - column) });
  if (!formatted.startsWith('(') || !formatted.endsWith(');\n')) throw new Error(`cannot format ${source} as one expression`);
  const body = formatted.slice(1, -3);
  const pad = ' '.repeat(indent);
  return body
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

/**
 * The edit that puts `source` into `array` after its element `after` (first when undefined).
 * An array written one element per line gets the new element on its own line(s), indented
 * like the others, with the array's own trailing-comma habit. An empty or one-line array gets
 * it on the same line when the line still fits; otherwise prettier lays out the largest
 * expression around the array that was on that one line (a Tup node `{ dir: 'tui', rules: [], … }`),
 * and every other line stays as it was.
 */
export async function insertElement(array: Node, after: Node | undefined, source: string): Promise<TextEdit> {
  if (!Node.isArrayLiteralExpression(array)) throw new Error('not an array literal');
  const file = array.getSourceFile();
  const text = file.getFullText();
  const elements = array.getElements();
  const lineOf = (pos: number) => file.getLineAndColumnAtPos(pos).line;
  const lineStart = (pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
  const indentAt = (pos: number) => /^[ \t]*/.exec(text.slice(lineStart(pos)))![0].length;

  if (elements.length > 0 && lineOf(array.getStart()) < lineOf(elements[0]!.getStart())) {
    const indent = ' '.repeat(indentAt((after ?? elements[0]!).getStart()));
    const formatted = await formatExpression(source, indent.length);
    if (!after) return { ...afterOnLine(text, array.getStart() + 1), text: `\n${indent}${formatted},` };
    const next = skipTrivia(text, after.getEnd());
    if (text[next] === ',') return { ...afterOnLine(text, next + 1), text: `\n${indent}${formatted},` };
    // The last element, without a trailing comma: keep it that way.
    return { start: after.getEnd(), end: after.getEnd(), text: `,\n${indent}${formatted}` };
  }

  const texts = elements.map((e) => e.getText());
  const at = after ? elements.findIndex((e) => e === after) + 1 : 0;
  const column = array.getStart() - lineStart(array.getStart());
  const inline = await formatExpression(source, indentAt(array.getStart()), column + 1);
  const oneLine = `[${[...texts.slice(0, at), inline, ...texts.slice(at)].join(', ')}]`;
  const lineEnd = text.indexOf('\n', array.getEnd());
  const rest = text.slice(array.getEnd(), lineEnd < 0 ? text.length : lineEnd);
  if (!oneLine.includes('\n') && lineOf(array.getStart()) === lineOf(array.getEnd()) && column + oneLine.length + rest.length <= MODEL_STYLE.printWidth) {
    return { start: array.getStart(), end: array.getEnd(), text: oneLine };
  }
  let outer: Node = array;
  for (let p: Node | undefined = array.getParent(); p && lineOf(p.getStart()) === lineOf(p.getEnd()); p = p.getParent()) if (Node.isExpression(p)) outer = p;
  const edited = text.slice(outer.getStart(), array.getStart()) + oneLine + text.slice(array.getEnd(), outer.getEnd());
  const formatted = await formatExpression(edited, indentAt(outer.getStart()), outer.getStart() - lineStart(outer.getStart()));
  return { start: outer.getStart(), end: outer.getEnd(), text: formatted };
}

/** Apply edits that do not overlap; the text outside them is kept byte for byte. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit || edit.start > edit.end) throw new Error('overlapping edits');
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

/** After `pos`, or at the end of its line when only a comment follows there (the comment stays with its element). */
function afterOnLine(text: string, pos: number): { start: number; end: number } {
  const end = text.indexOf('\n', pos);
  const rest = text.slice(pos, end < 0 ? text.length : end);
  const at = /^\s*(\/\/.*|\/\*.*?\*\/\s*)?$/.test(rest) ? pos + rest.length : pos;
  return { start: at, end: at };
}

/** The first position from `pos` that is not white space or a comment. */
function skipTrivia(text: string, pos: number): number {
  const trivia = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\//y;
  for (;;) {
    trivia.lastIndex = pos;
    if (!trivia.test(text)) return pos;
    pos = trivia.lastIndex;
  }
}
