/**
 * Bash newer than 3.2 (macOS /bin/bash) in a script's text: the constructs a generated script
 * that may run on macOS must not use. Bash 5's BASH_COMPAT=3.2 brings back old quoting rules,
 * not old syntax, so these are found by reading. Comment lines are left out.
 */
const NEWER: readonly { construct: string; since: string; pattern: RegExp }[] = [
  { construct: 'case conversion ${x,,} ${x^^}', since: '4.0', pattern: /\$\{#?[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?(,,?|\^\^?)[^}]*\}/ },
  { construct: 'associative arrays (declare -A)', since: '4.0', pattern: /\b(declare|local|typeset|readonly)\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*A/ },
  { construct: 'namerefs (declare -n)', since: '4.3', pattern: /\b(declare|local|typeset)\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*n\b/ },
  { construct: 'mapfile/readarray', since: '4.0', pattern: /(^|[\s;&|(])(mapfile|readarray)\b/ },
  { construct: 'coproc', since: '4.0', pattern: /(^|[\s;&|(])coproc\b/ },
  { construct: '[[ -v NAME ]]', since: '4.2', pattern: /\[\[\s+(!\s+)?-v\s/ },
  { construct: 'parameter transformation ${x@Q}', since: '4.4', pattern: /\$\{[^}]*@[QEPAaKkULu]\}/ },
  { construct: '&>> and |&', since: '4.0', pattern: /&>>|\|&/ },
  { construct: 'case fall-through ;& and ;;&', since: '4.0', pattern: /;;&|[^;];&/ },
  { construct: 'wait -n', since: '4.3', pattern: /\bwait\s+-n\b/ },
  { construct: 'negative array subscripts', since: '4.3', pattern: /\$\{[A-Za-z_][A-Za-z0-9_]*\[-[0-9]/ },
  { construct: 'a file descriptor in a variable {fd}>', since: '4.1', pattern: /(^|[^$\w])\{[A-Za-z_][A-Za-z0-9_]*\}[<>]/ },
  { construct: 'declare -g, -l, -u', since: '4.0', pattern: /\b(declare|local|typeset)\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*[glu]/ },
  { construct: '[ -v NAME ]', since: '4.2', pattern: /(^|[\s;&|(])(test|\[)\s+(!\s+)?-v\s/ },
  { construct: 'a negative length ${x:0:-1}', since: '4.2', pattern: /\$\{[A-Za-z_][A-Za-z0-9_]*:[^}:]*:\s*-/ },
  { construct: 'printf %(…)T', since: '4.2', pattern: /\bprintf\b[^\n]*%\(/ },
  { construct: 'shopt options after 3.2', since: '4.0', pattern: /\bshopt\s+-[su]\s+(globstar|lastpipe|autocd|checkjobs|direxpand|globasciiranges|inherit_errexit|localvar_inherit|localvar_unset|assoc_expand_once|patsub_replacement)\b/ },
  { construct: 'variables after 3.2', since: '4.0', pattern: /\$\{?(BASHPID|EPOCHSECONDS|EPOCHREALTIME|SRANDOM|BASH_ARGV0|BASH_COMPAT)\b/ },
];

/** Each use of a construct newer than bash 3.2, as `LINE: construct (bash SINCE): text`. */
export function newerThanBash32(script: string): string[] {
  const found: string[] = [];
  script.split('\n').forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    for (const { construct, since, pattern } of NEWER) {
      if (pattern.test(line)) found.push(`${i + 1}: ${construct} (bash ${since}): ${line.trim()}`);
    }
  });
  return found;
}
