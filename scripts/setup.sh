#!/usr/bin/env bash
# Prepares a fresh machine for ct-gen and its test suite: the Debian tools the tests run
# for real (tup with FUSE, shellcheck, nix-instantiate, jq, flock, nim 1.6 with gcc and the
# libraries the model's link switches name), then the npm packages (just comes from the
# rust-just package) and the compiled CLI. Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The same range as package.json's engines: ^20.19.0 || >=22.12.0.
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log((a===20&&b>=19)||(a===22&&b>=12)||a>22?1:0)')
if [[ $node_ok != 1 ]]; then
  printf 'setup: ct-gen needs Node ^20.19 or >=22.12 (found %s)\n' "$(node --version)" >&2
  exit 1
fi

declare -A wanted=([tup]=tup [fusermount3]=fuse3 [shellcheck]=shellcheck [nix-instantiate]=nix-bin [jq]=jq [flock]=util-linux [python3]=python3 [nim]=nim [gcc]=gcc)
# Libraries have no command to look for: tests/realnim links real artefacts with the model's
# switches (--passL:-lssl -lcrypto -lsqlite3 -lpcre -lzip, -lz on the windows variant), which
# need the development packages, and libc6-dev for any link at all.
libraries=(libc6-dev libssl-dev libsqlite3-dev libpcre3-dev libzip-dev zlib1g-dev)
missing=()
for command in "${!wanted[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${wanted[$command]}")
done
for package in "${libraries[@]}"; do
  # Not `dpkg -s`: it succeeds for a removed package whose configuration files remain.
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null) == installed ]] || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  printf 'setup: installing %s\n' "${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Not `npm ci`: the registry serves rust-just's binary package only for this platform, so the
# lock file cannot list the other platforms' optional packages and `npm ci` would refuse it.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm install --no-audit --no-fund --no-save
fi
# Compiles only when the sources changed since the last compile (npm install's prepare compiled
# them; `npm run build` would run the compiler again).
node bin/ct-gen.js --version >/dev/null
