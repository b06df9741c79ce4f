/** A host variable written in a path (`${f}`, `$(VAR)`, `{{f}}`): its braces do not alternate. */
const VARIABLE = /^(?:\$\{[^{}]*\}|\$\([^()]*\)|\{\{[\w.-]*\}\})/;

/**
 * A glob over root-relative POSIX paths: `*` and `?` stay inside one path segment, `**`
 * crosses segments (`docs/**`, `**\/*.md`), `{a,b}` alternates, `[…]` is a character class.
 * A host variable (`${f}`, `$(VAR)`, `{{f}}`) matches itself, so a main module written as a
 * variable can be named. The whole path must match.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const variable = c === '$' || c === '{' ? VARIABLE.exec(glob.slice(i)) : null;
    if (variable) {
      out += variable[0].replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      i += variable[0].length - 1;
    } else if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\{}]/g, '\\$&');
  }
  return new RegExp(`^${out}${')'.repeat(braces)}$`);
}
