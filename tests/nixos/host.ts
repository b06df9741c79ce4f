import { execa, type ResultPromise } from 'execa';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { emitNixos } from '../../generator/families/nixos/emit.js';
import { validateModel } from '../../generator/model.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { codetracer } from '../../model/codetracer/index.js';
import { statusDocumentSchemas, type Model, type StatusInput } from '../../model/schema/index.js';
import { tempDir, writeTree } from '../support/tree.js';
import { model } from '../support/model.js';

/**
 * A fake NixOS host for the generated scripts: the emitter's tree in a temp dir, recording
 * stubs for every NixOS tool, and a PATH holding only those stubs plus symlinks to the few
 * system tools the scripts need, so a real nh, nom or systemctl is never found.
 */

/** The tools a NixOS host has and this machine must not lend: each one a recording stub. */
export const STUBS = ['nixos-generation-info', 'nh', 'nom', 'nixos-rebuild', 'home-manager', 'systemctl', 'journalctl', 'hostname', 'sudo', 'nix'] as const;
export type Stub = (typeof STUBS)[number];

const SYSTEM_TOOLS = ['bash', 'jq', 'flock', 'date', 'mktemp', 'mv', 'chmod', 'tee', 'tail', 'cat', 'mkdir', 'rm', 'readlink', 'dirname', 'id', 'uname', 'grep', 'sleep', 'dd', 'ln', 'stat', 'tr'];

/**
 * Appends the call as NUL-separated words: the tool, the argument count, the arguments. No argv
 * holds a NUL, so any bytes come back as given. A shell builtin: a script calls the stubs several
 * times a run, and starting a jq for each record was about a fifth of a wrapper run.
 */
const RECORD = `printf '%s\\0' "\${0##*/}" "$#" "$@" >>"$STUB_STATE/calls"`;

/** Stub behaviour, steered by files in $STUB_STATE (see HostState). */
const STUB_BODIES: Record<Stub, string> = {
  'nixos-generation-info': `[[ -e $STUB_STATE/geninfo-broken ]] && { printf 'not json {\\n'; exit 0; }
gen=$(cat "$STUB_STATE/generation" 2>/dev/null || echo 42)
hm=$(cat "$STUB_STATE/hm-generation" 2>/dev/null || echo 12)
sync=$(cat "$STUB_STATE/sync" 2>/dev/null || echo in-sync)
[[ $1 == --json ]] || { echo "g$gen"; exit 0; }
out=0
[[ $sync == out-of-sync ]] && out=1
# Values that need no JSON escaping (all a test sets) are printed as they are: a jq per call was
# most of this stub's cost, and it runs twice a wrapper run.
[[ $gen$hm$sync =~ ^[A-Za-z0-9._-]*$ ]] && { printf '{"generation": "g%s", "generationRaw": "%s", "status": "%s", "outOfSync": %s, "commit": "3f4851e", "shortCommit": "3f4851e", "nixpkgsRev": "abc123", "homeManagerGeneration": "hm%s", "homeManagerGenerationRaw": "%s", "homeManagerStatus": "%s", "short": "g%s@3f4851e hm%s"}\\n' "$gen" "$gen" "$sync" "$out" "$hm" "$hm" "$sync" "$gen" "$hm"; exit 0; }
jq -n --arg g "$gen" --arg hm "$hm" --arg s "$sync" '{generation: ("g" + $g), generationRaw: $g, status: $s,
  outOfSync: (if $s == "out-of-sync" then 1 else 0 end), commit: "3f4851e", shortCommit: "3f4851e", nixpkgsRev: "abc123",
  homeManagerGeneration: ("hm" + $hm), homeManagerGenerationRaw: $hm, homeManagerStatus: $s, short: ("g" + $g + "@3f4851e hm" + $hm)}'`,
  // One builder for nh, nixos-rebuild and home-manager: prints the canned output, sleeps when
  // told (to overlap concurrent runs), and on success of an activating action bumps a generation.
  nh: `builder`,
  'nixos-rebuild': `builder`,
  'home-manager': `builder`,
  nom: `while IFS= read -r line || [[ -n $line ]]; do printf 'nom| %s\\n' "$line"; done`,
  systemctl: `[[ -e $STUB_STATE/systemctl-broken ]] && { echo 'System has not been booted with systemd' >&2; exit 1; }
cat "$STUB_STATE/failed-units" 2>/dev/null || true`,
  journalctl: `cat "$STUB_STATE/journal" 2>/dev/null || true`,
  hostname: `echo stub-host`,
  sudo: `exec "$@"`,
  nix: `exit "$(cat "$STUB_STATE/nix-exit" 2>/dev/null || echo 0)"`,
};

// The delay is read before the start is recorded: once the timeline shows the start, the builder
// only sleeps, so a Ctrl-C a test sends then ends it with SIGINT (a signal during a command
// substitution would let bash go on, and write into the pipe the signal closed).
const BUILDER = `delay=$(cat "$STUB_STATE/build-sleep" 2>/dev/null || true)
printf 'start %s %s\\n' "$$" "$(date +%s%N)" >>"$STUB_STATE/timeline"
[[ -n $delay ]] && sleep "$delay"
cat "$STUB_STATE/build-output" 2>/dev/null || printf 'building the system configuration...\\n'
code=$(cat "$STUB_STATE/build-exit" 2>/dev/null || echo 0)
if [[ $code == 0 ]]; then
  file=generation
  [[ \${0##*/} == home-manager || $1 == home ]] && file=hm-generation
  case " $* " in
    *" switch "* | *" boot "* | *" test "*)
      gen=$(cat "$STUB_STATE/$file" 2>/dev/null || { [[ $file == generation ]] && echo 42 || echo 12; })
      echo $((gen + 1)) >"$STUB_STATE/$file" ;;
  esac
fi
printf 'end %s %s\\n' "$$" "$(date +%s%N)" >>"$STUB_STATE/timeline"
exit "$code"`;

export interface Call {
  tool: string;
  argv: string[];
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Put the generated scripts on PATH too (test-build-automation calls them by name). */
  scriptsOnPath?: boolean;
  /** Run in a new process group, to signal it as a terminal would. */
  detached?: boolean;
}

export class Host {
  readonly root: string;
  readonly stubs: string;
  readonly state: string;
  readonly logDir: string;
  readonly model: Model;
  readonly docs: ReturnType<typeof statusDocumentSchemas>;
  private readonly tools: string;

  constructor(options: { model?: Model; without?: Stub[] } = {}) {
    this.model = options.model ?? model;
    this.docs = statusDocumentSchemas(this.model.status!);
    this.root = tempDir('nixos');
    this.stubs = join(this.root, 'stubs');
    this.tools = join(this.root, 'tools');
    this.state = join(this.root, 'state');
    this.logDir = join(this.root, 'var log', 'nixos-builds');
    writeTree(this.root, emitNixos(resolveModel(this.model)));
    for (const dir of [this.stubs, this.tools, this.state]) mkdirSync(dir, { recursive: true });
    for (const stub of STUBS) if (!options.without?.includes(stub)) this.writeStub(stub);
    for (const tool of SYSTEM_TOOLS) symlinkSync(systemTool(tool), join(this.tools, tool));
  }

  private writeStub(name: Stub): void {
    const body = STUB_BODIES[name] === 'builder' ? BUILDER : STUB_BODIES[name];
    const path = join(this.stubs, name);
    writeFileSync(path, `#!/bin/bash\n${RECORD}\n${body}\n`);
    chmodSync(path, 0o755);
  }

  /** A generated command by name, or any script by path. */
  script(name: string): string {
    return name.includes('/') ? name : join(this.root, 'scripts', name);
  }

  /** Sets a state file the stubs read (generation, sync, build-output, build-exit, …). */
  set(file: string, content: string | Buffer): void {
    writeFileSync(join(this.state, file), content);
  }

  run(name: string, args: string[] = [], options: RunOptions = {}): ResultPromise<{ reject: false }> {
    return this.bash([this.script(name), ...args], options);
  }

  /** Calls functions of the generated library: `source`s it, then runs `code` with `args` as $1…. */
  library(code: string, args: string[] = [], options: RunOptions = {}): ResultPromise<{ reject: false }> {
    return this.bash(['-c', `source "$BUILD_STATUS_LIB_UNDER_TEST"\n${code}`, 'library', ...args], {
      ...options,
      env: { BUILD_STATUS_LIB_UNDER_TEST: join(this.root, 'lib', 'build-status.sh'), ...options.env },
    });
  }

  private bash(argv: string[], options: RunOptions): ResultPromise<{ reject: false }> {
    const path = [this.stubs, this.tools, ...(options.scriptsOnPath ? [join(this.root, 'scripts')] : [])].join(delimiter);
    return execa(systemTool('bash'), argv, {
      reject: false,
      extendEnv: false,
      detached: options.detached ?? false,
      env: { PATH: path, HOME: this.root, STUB_STATE: this.state, NIXOS_BUILD_LOG_DIR: this.logDir, NIXOS_BUILD_FLAKE: '/etc/nixos', TZ: 'UTC', ...options.env },
    });
  }

  calls(tool?: string): Call[] {
    const file = join(this.state, 'calls');
    if (!existsSync(file)) return [];
    const words = readFileSync(file, 'utf8').split('\0');
    const calls: Call[] = [];
    // The file ends with a NUL, so the last word is empty.
    for (let at = 0; at < words.length - 1; ) {
      const [name, count] = [words[at]!, Number(words[at + 1])];
      calls.push({ tool: name, argv: words.slice(at + 2, at + 2 + count) });
      at += 2 + count;
    }
    return tool ? calls.filter((c) => c.tool === tool) : calls;
  }

  readLog(name: string): string {
    return readFileSync(join(this.logDir, name), 'utf8');
  }

  /** last-build.json, validated. */
  lastBuild() {
    return this.docs.lastBuild.parse(JSON.parse(this.readLog('last-build.json')));
  }

  /** build-history.json, validated. */
  history() {
    return this.docs.buildHistory.parse(JSON.parse(this.readLog('build-history.json')));
  }
}

function systemTool(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(`the NixOS scenario tests need ${name} on PATH`);
}

/** The Codetracer model with its status section changed. */
export function modelWithStatus(status: Partial<StatusInput>): Model {
  return validateModel({ ...codetracer, status: { ...codetracer.status, ...status } }, 'test model');
}
