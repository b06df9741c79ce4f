import { describe, expect, it } from 'vitest';
import { newerThanBash32 } from './support/old-bash.js';

describe('constructs newer than bash 3.2', () => {
  const newer: [string, string][] = [
    ['lower case', 'name=${name,,}'],
    ['upper case of an element', 'echo "${words[0]^^}"'],
    ['first letter', 'x=${x^}'],
    ['an associative array', 'declare -A wanted=([tup]=tup)'],
    ['a local associative array', 'local -rA seen'],
    ['a nameref', 'local -n _fd=$1'],
    ['mapfile', '[[ -z $text ]] || mapfile -t lines <<<"$text"'],
    ['readarray', 'readarray -t xs < f'],
    ['coproc', 'coproc worker { cat; }'],
    ['-v', 'if [[ -v CT_ROOT ]]; then :; fi'],
    ['a transformation', 'printf "%s" "${x@Q}"'],
    ['&>>', 'make &>> log'],
    ['|&', 'make |& tee log'],
    ['fall-through', '  a) echo a ;&'],
    ['wait -n', 'wait -n'],
    ['a negative subscript', 'last=${argv[-1]}'],
    ['a descriptor variable', 'exec {fd}>"$lock"'],
    ['declare -l', 'declare -l lower=$1'],
    ['test -v', 'if [ -v CT_ROOT ]; then :; fi'],
    ['a negative length', 'head=${x:0:-1}'],
    ['printf time', "printf '%(%s)T' -1"],
    ['globstar', 'shopt -s globstar'],
    ['BASHPID', 'echo "$BASHPID"'],
  ];
  it.each(newer)('%s', (_name, line) => {
    const found = newerThanBash32(`set -e\n${line}\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^2: .* \(bash 4\.\d\): /);
  });

  it('leaves what bash 3.2 has, and comments', () => {
    const script = [
      '# Not ${name,,}: bash 3.2 has no case conversion; no declare -A either.',
      'x=${x//a/b}; y=${!ref}; z=${#arr[@]}; w=${x:0:1}',
      'for a in ${arr[@]+"${arr[@]}"}; do out+=("$a"); done',
      'local -a words; declare -r ONE=1; printf -v line "%s" "$x"',
      '[[ $x =~ ^(out|o)$ ]] && echo "a & b" >&2',
      'case $x in a) ;; b) echo b ;; esac',
      'name=$(tr "[:upper:]" "[:lower:]" <<<"$name")',
      'echo "${x}>" ${x:1:2} >"$out"; declare -r -a list=(a)',
    ].join('\n');
    expect(newerThanBash32(script)).toEqual([]);
  });
});
