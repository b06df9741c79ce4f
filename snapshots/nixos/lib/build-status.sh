#!/usr/bin/env bash
# Build-status functions for NixOS hosts: nixos-build-status, nixos-build-wrapper and
# test-build-automation source this file, and so may other scripts.
# It sets no shell options, so a sourcing (even interactive) shell keeps its own.
# Every JSON value is built by jq from data, never by pasting strings together, so any
# build output (quotes, control characters, invalid UTF-8) still yields valid JSON.

BUILD_STATUS_LIB_VERSION=2.0.0
BUILD_STATUS_DEFAULT_LOG_DIR=/var/log/nixos-builds
BUILD_STATUS_HISTORY_LIMIT=100
BUILD_STATUS_EXIT_CODES='{"healthy":0,"outOfSync":1,"buildErrors":2,"invalidArguments":3}'
BUILD_STATUS_GENERATION_INFO=nixos-generation-info
BUILD_STATUS_MAX_ERRORS=20
BUILD_STATUS_MAX_ERROR_CHARS=2000
BUILD_STATUS_JOURNAL_SINCE='1 hour ago'
BUILD_STATUS_LOCK_TIMEOUT=120

# jq definitions shared by the functions below.
#   field($key): a non-empty string field of an object, else "unknown"
#   clip($n): at most $n characters, marked with … when cut
#   plain($n): one log line cut to 2*$n characters (so regexes stay cheap on huge lines),
#     without ANSI colour sequences
# shellcheck disable=SC2016 # the $ names are jq variables, expanded by jq
BUILD_STATUS_JQ_DEFS='
  def field($key): (if type == "object" then .[$key] else null end) as $v
    | if ($v | type) == "string" and $v != "" then $v else "unknown" end;
  def clip($n): if length > $n then .[:$n] + "…" else . end;
  def plain($n): .[:($n * 2)] | gsub("\u001b\\[[0-9;?]*[ -/]*[@-~]"; "");
'

# --- small helpers -------------------------------------------------------------------

have_command() {
  command -v -- "$1" >/dev/null 2>&1
}

# The log directory: NIXOS_BUILD_LOG_DIR, else the model's.
build_status_log_dir() {
  printf '%s\n' "${NIXOS_BUILD_LOG_DIR:-$BUILD_STATUS_DEFAULT_LOG_DIR}"
}

build_status_hostname() {
  hostname 2>/dev/null || uname -n 2>/dev/null || printf 'unknown\n'
}

build_status_warn() {
  printf '%s: warning: %s\n' "${0##*/}" "$*" >&2
}

# The escape sequence for colour NAME when FD is a terminal and NO_COLOR is unset, else nothing.
build_status_color() {
  local fd=$1 name=$2
  [[ -z ${NO_COLOR:-} && -t $fd ]] || return 0
  case $name in
    red) printf '\033[31m' ;;
    green) printf '\033[32m' ;;
    yellow) printf '\033[33m' ;;
    cyan) printf '\033[36m' ;;
    bold) printf '\033[1m' ;;
    reset) printf '\033[0m' ;;
  esac
}

# build_status_say FD COLOUR TEXT...: one line of TEXT to FD, coloured for a terminal.
build_status_say() {
  local fd=$1 color reset
  color=$(build_status_color "$fd" "$2")
  reset=$(build_status_color "$fd" reset)
  shift 2
  printf '%s%s%s\n' "$color" "$*" "${color:+$reset}" >&"$fd"
}

# --- JSON helpers ----------------------------------------------------------------------

# VALUE as a JSON string literal, quotes included: seed 004's version left them out and
# invited pasting the result into hand-made JSON.
json_escape() {
  printf '%s' "${1-}" | jq -R -s .
}

json_bool() {
  case ${1-} in
    true | 1 | yes) printf 'true\n' ;;
    *) printf 'false\n' ;;
  esac
}

# --- generations -----------------------------------------------------------------------

# nixos-generation-info's JSON object, or the JSON string "unknown" when the tool is
# missing, fails or prints anything but one object.
get_current_generation_json() {
  local info
  if have_command "$BUILD_STATUS_GENERATION_INFO" &&
    info=$("$BUILD_STATUS_GENERATION_INFO" --json 2>/dev/null) &&
    info=$(printf '%s' "$info" | jq -c -s 'if length == 1 and (.[0] | type) == "object" then .[0] else error("not one object") end' 2>/dev/null); then
    printf '%s\n' "$info"
  else
    printf '"unknown"\n'
  fi
}

_build_status_generation_field() {
  get_current_generation_json | jq -r --arg key "$1" "$BUILD_STATUS_JQ_DEFS"' field($key)'
}

get_current_generation() { _build_status_generation_field generationRaw; }
get_home_manager_generation() { _build_status_generation_field homeManagerGenerationRaw; }
get_generation_short() { _build_status_generation_field short; }
get_current_commit() { _build_status_generation_field commit; }
get_current_nixpkgs_rev() { _build_status_generation_field nixpkgsRev; }

# in-sync, out-of-sync or unknown.
get_sync_status() {
  local status
  status=$(_build_status_generation_field status)
  case $status in
    in-sync | out-of-sync) printf '%s\n' "$status" ;;
    *) printf 'unknown\n' ;;
  esac
}

# Succeeds only when the generations are known to be in sync.
is_generation_in_sync() {
  [[ $(get_sync_status) == in-sync ]]
}

# The generations a build record keeps, as one JSON object.
get_generation_snapshot() {
  get_current_generation_json | jq -c "$BUILD_STATUS_JQ_DEFS"'
    {generation: field("generation"), generationRaw: field("generationRaw"),
     commit: field("commit"), homeManagerGeneration: field("homeManagerGeneration")}'
}

# --- recorded builds -------------------------------------------------------------------

# last-build.json of LOG_DIR (default: the log directory) as one JSON object, or null
# when there is none or it is not a build record.
get_last_build_status() {
  local dir=${1:-$(build_status_log_dir)}
  jq -c -s 'if length == 1 and (.[0] | type) == "object" and (.[0].exitCode | type) == "number" then .[0] else null end' \
    "$dir/last-build.json" 2>/dev/null || printf 'null\n'
}

# The last build's exit code, or unknown.
get_last_build_exit_code() {
  get_last_build_status "${1-}" | jq -r 'if . == null then "unknown" else .exitCode end'
}

was_last_build_successful() {
  [[ $(get_last_build_exit_code "${1-}") == 0 ]]
}

# build-history.json of LOG_DIR as a JSON array; [] when it is missing or corrupt.
get_build_history() {
  local dir=${1:-$(build_status_log_dir)}
  jq -c -s 'if length == 1 and (.[0] | type) == "array" then .[0] else [] end' \
    "$dir/build-history.json" 2>/dev/null || printf '[]\n'
}

# The newest COUNT (default 10) builds of LOG_DIR, one brief object each.
get_build_history_summary() {
  get_build_history "${1-}" | jq --argjson count "${2:-10}" '.[-$count:] | map({timestamp: .buildStart,
    target, action, exitCode, duration: .buildDuration, generation: .postGeneration.generationRaw})'
}

# --- errors ----------------------------------------------------------------------------

# The error blocks of build log LOG as a JSON array of strings. A block is a line starting
# with "error" and the indented (or blank) lines after it: how nix prints a message and its
# trace. Messages inside nix's internal-json lines (nom's input) count too. Colours are
# dropped, invalid UTF-8 becomes U+FFFD; the first BUILD_STATUS_MAX_ERRORS blocks are kept,
# each cut to BUILD_STATUS_MAX_ERROR_CHARS characters.
extract_nix_errors() {
  local log=${1-}
  if [[ ! -r $log ]]; then
    printf '[]\n'
    return 0
  fi
  jq -n -R -c --argjson max_count "$BUILD_STATUS_MAX_ERRORS" --argjson max_chars "$BUILD_STATUS_MAX_ERROR_CHARS" \
    "$BUILD_STATUS_JQ_DEFS"'
    def text_lines:
      if startswith("@nix ") then
        .[5:] | fromjson? | select(type == "object" and .action == "msg" and (.level | type) == "number" and .level <= 0)
        | .msg | strings | split("\n")[]
      else . end;
    def close: if .current != null and (.blocks | length) < $max_count then .blocks += [.current] else . end | .current = null;
    reduce (inputs | text_lines | plain($max_chars)) as $line ({blocks: [], current: null};
      if ($line | test("^\\s*error\\b"; "i")) then close | .current = $line
      elif .current != null and ($line | test("^(\\s|$)")) then
        .current |= (if length < $max_chars then . + "\n" + $line else . end)
      else close end)
    | close | .blocks | map(sub("\\s+$"; "") | clip($max_chars))' <"$log"
}

# Why a failed build failed, as a JSON array: its error blocks or, when none matched, its
# last ten non-empty lines as one block, so a failure never records an empty reason.
extract_failure_summary() {
  local errors
  errors=$(extract_nix_errors "$1")
  if [[ $errors != '[]' ]]; then
    printf '%s\n' "$errors"
    return 0
  fi
  tail -n 200 -- "$1" 2>/dev/null | jq -R -s -c --argjson max_chars "$BUILD_STATUS_MAX_ERROR_CHARS" "$BUILD_STATUS_JQ_DEFS"'
    [split("\n")[] | plain($max_chars) | select(test("\\S"))] | .[-10:] | join("\n")
    | if . == "" then [] else [clip($max_chars)] end'
}

# The last derivation LOG mentions building, or unknown.
extract_build_phase() {
  local last
  last=$(LC_ALL=C grep -a -o "building '[^']*'" -- "${1-}" 2>/dev/null | tail -n 1) || true
  if [[ -n $last ]]; then
    last=${last#building \'}
    printf '%s\n' "${last%\'}"
  else
    printf 'unknown\n'
  fi
}

# --- system health ---------------------------------------------------------------------

# Failed systemd units as a JSON array of names, or "unknown" without a working systemctl.
check_failed_units() {
  local listing
  if ! have_command systemctl || ! listing=$(systemctl --failed --no-legend --no-pager --plain 2>/dev/null); then
    printf '"unknown"\n'
    return 0
  fi
  printf '%s' "$listing" | jq -R -s -c '[split("\n")[] | [splits("\\s+")] | map(select(. != "")) | .[0] // empty]'
}

# Error-priority journal lines since SINCE (default: the model's window) as a JSON number,
# or "unknown" without a working journalctl.
check_journal_errors() {
  local since=${1:-$BUILD_STATUS_JOURNAL_SINCE} text lines=()
  if ! have_command journalctl || ! text=$(journalctl --since "$since" --priority err --quiet --no-pager --output cat 2>/dev/null); then
    printf '"unknown"\n'
    return 0
  fi
  [[ -z $text ]] || mapfile -t lines <<<"$text"
  printf '%d\n' "${#lines[@]}"
}

# --- recording a build -----------------------------------------------------------------

_build_status_temp() {
  mktemp -- "${1%/*}/.${1##*/}.XXXXXX"
}

# Moves SOURCE over DEST (same file system), readable by everyone: the log directory's
# group may replace it, since only the directory's permissions matter for a rename.
_build_status_publish() {
  chmod 0644 -- "$1" && mv -f -- "$1" "$2"
}

_build_status_append_history() {
  local history="$1/build-history.json" record=$2 source tmp aside
  if [[ -e $history ]] && ! jq -e -s 'length == 1 and (.[0] | type) == "array"' "$history" >/dev/null 2>&1; then
    aside="$history.corrupt-$(date +%Y%m%dT%H%M%S)-$$"
    mv -f -- "$history" "$aside" || return
    build_status_warn "$history was not a JSON array; kept it as $aside and started a new history"
  fi
  source=$history
  [[ -e $history ]] || source=/dev/null
  tmp=$(_build_status_temp "$history") || return
  if jq -s --slurpfile entry "$record" --argjson limit "$BUILD_STATUS_HISTORY_LIMIT" \
    '(.[0] // []) + $entry | .[-$limit:]' "$source" >"$tmp"; then
    _build_status_publish "$tmp" "$history"
  else
    rm -f -- "$tmp"
    return 1
  fi
}

# record_build DIR RECORD OUTPUT: publishes one finished build. OUTPUT (a file in DIR)
# becomes last-build.log, RECORD (one JSON object) last-build.json and the newest entry of
# build-history.json, which keeps BUILD_STATUS_HISTORY_LIMIT entries. Files are replaced
# by rename, so readers never see half a file; the lock keeps concurrent wrappers from
# interleaving or losing history entries.
record_build() {
  local dir=$1 record=$2 output=$3 lock="$1/.build-status.lock" lock_fd json tmp
  [[ -e $lock ]] || : >>"$lock" || return
  exec {lock_fd}<"$lock" || return
  if ! flock --wait "$BUILD_STATUS_LOCK_TIMEOUT" "$lock_fd"; then
    exec {lock_fd}<&-
    build_status_warn "no lock on $lock within ${BUILD_STATUS_LOCK_TIMEOUT}s; build not recorded"
    return 1
  fi
  json="$dir/last-build.json"
  if tmp=$(_build_status_temp "$json") && jq . "$record" >"$tmp" && _build_status_publish "$tmp" "$json" &&
    _build_status_publish "$output" "$dir/last-build.log" && _build_status_append_history "$dir" "$record"; then
    exec {lock_fd}<&-
    return 0
  fi
  [[ -z ${tmp-} ]] || rm -f -- "$tmp"
  exec {lock_fd}<&-
  build_status_warn "could not record the build in $dir"
  return 1
}

# --- status report ---------------------------------------------------------------------

_build_status_report_json() {
  jq -n -c \
    --arg version "$BUILD_STATUS_LIB_VERSION" \
    --arg timestamp "$(date -Iseconds)" \
    --arg hostname "$(build_status_hostname)" \
    --argjson codes "$BUILD_STATUS_EXIT_CODES" \
    --slurpfile generation <(get_current_generation_json) \
    --slurpfile failed <(check_failed_units) \
    --slurpfile journal <(check_journal_errors "$BUILD_STATUS_JOURNAL_SINCE") \
    --slurpfile last <(get_last_build_status) \
    "$BUILD_STATUS_JQ_DEFS"'
    ($generation[0] // "unknown") as $gen
    | ($failed[0] // "unknown") as $units
    | ($last[0] // null) as $build
    | ($gen | field("status") | if . == "in-sync" or . == "out-of-sync" then . else "unknown" end) as $sync
    | [ if $build != null and $build.exitCode != 0 then
          "last build (\($build.target) \($build.action) at \($build.buildStart)) failed with exit code \($build.exitCode)"
        else empty end,
        if ($units | type) == "array" and ($units | length) > 0 then "failed systemd units: \($units | join(", "))" else empty end
      ] as $errors
    | (if ($errors | length) > 0 then "error" elif $sync == "out-of-sync" then "out-of-sync" else "success" end) as $overall
    | {version: $version, timestamp: $timestamp, hostname: $hostname, generation: $gen, syncStatus: $sync,
       failedUnits: $units, journalErrors: ($journal[0] // "unknown"), lastBuild: $build,
       buildErrors: {errorCount: ($errors | length), errors: $errors},
       commit: ($gen | field("commit")), nixpkgsRev: ($gen | field("nixpkgsRev")),
       overallStatus: $overall,
       exitCode: {error: $codes.buildErrors, "out-of-sync": $codes.outOfSync, success: $codes.healthy}[$overall]}'
}

# REPORT (create_status_report's JSON) as text; VERBOSE=1 adds the details.
format_status_report() {
  local report=$1 verbose=${2:-0}
  printf '%s\n' "$report" | jq -r --argjson verbose "$verbose" --arg since "$BUILD_STATUS_JOURNAL_SINCE" \
    --arg red "$(build_status_color 1 red)" --arg green "$(build_status_color 1 green)" \
    --arg yellow "$(build_status_color 1 yellow)" --arg bold "$(build_status_color 1 bold)" \
    --arg reset "$(build_status_color 1 reset)" '
    def paint($color; $text): if $color == "" then $text else $color + $text + $reset end;
    def listed: if type == "array" then (if length == 0 then "none" else join(", ") end) else tostring end;
    paint($bold; "=== NixOS Build Status ==="),
    "Host:            \(.hostname)",
    "Generation:      \(.generation | if type == "object" then (.short // .generation // "unknown") else "unknown" end)",
    "Sync:            \(.syncStatus)",
    "Commit:          \(.commit)",
    "Last build:      \(.lastBuild | if . == null then "none recorded"
      else "\(.target) \(.action) at \(.buildStart): " + (if .success then "succeeded" else "failed (exit code \(.exitCode))" end) end)",
    "Failed units:    \(.failedUnits | listed)",
    (if $verbose == 1 then
      "Journal errors:  \(.journalErrors) since \($since)",
      "nixpkgs:         \(.nixpkgsRev)",
      (.lastBuild.errors // [] | .[] | "Build error:\n" + .)
    else empty end),
    "",
    if .overallStatus == "success" then
      paint($green; "✓ System is healthy" + (if .syncStatus == "unknown" then " (sync status unknown)" else "" end))
    elif .overallStatus == "out-of-sync" then paint($yellow; "⚠ System or Home Manager generation is out of sync")
    else paint($red; "✗ " + (.buildErrors.errors | join("; "))) end'
}

# The status report: json (default), human, or verbose (human with details). Its
# exitCode is what nixos-build-status exits with.
create_status_report() {
  local format=${1:-json} report
  report=$(_build_status_report_json) || return
  case $format in
    json) printf '%s\n' "$report" | jq . ;;
    human) format_status_report "$report" 0 ;;
    verbose) format_status_report "$report" 1 ;;
    *)
      build_status_warn "create_status_report: unknown format '$format'; known: json, human, verbose"
      return 2
      ;;
  esac
}
