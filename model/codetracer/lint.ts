import type { z } from 'zod';
import type { LintSchema } from '../schema/index.js';

/**
 * Where Codetracer may run nim without the driver (legacy tree at a387f8fa): test programs that
 * are compiled and run in place, fixtures, and builds of other projects. An entry of a file that
 * also builds Codetracer artefacts (the justfile, the CI workflow) names the main modules it
 * allows, so the product builds beside them, and any build added later, are still reported.
 */
export const lint: z.input<typeof LintSchema> = {
  allow: [
    {
      glob: 'non-nix-build/install_nim_osx.sh',
      reason: 'bootstraps the nim compiler itself from csources (`bin/nim c koch.nim`): it builds nim, not a Codetracer artefact, so no driver target applies',
    },
    {
      glob: 'justfile',
      sources: ['$f'],
      reason: 'the test recipes (test-cli-record, test-vm-native, test-vm-js, test-no-sidecar-manifests, test-ct-trace-units, test-mcr-enrichment-units, test-vm-recorder-gated) compile and run each in-tree test module of their loop, `"$f"`, from a scratch nimcache; test programs are never shipped, so no driver target applies',
    },
    {
      glob: 'justfile',
      sources: ['src/ct/ci/bpf_*_test.nim'],
      reason: 'test-bpf-monitor, test-bpf-integration, test-bpf-native and test-bpf-native-integration compile the BPF monitor tests under src/ct/ci and run them in place; test programs are never shipped, so no driver target applies',
    },
    {
      glob: 'justfile',
      sources: ['src/frontend/tests/frontend_lang_test.nim'],
      reason: 'test-frontend-js compiles the frontend language-mapping test to a temporary JS file and runs it with node; it is a test, not one of the JS bundles, so no driver target applies',
    },
    {
      glob: 'justfile',
      sources: ['tests/e2e/t_vm_harness_hyperv_windows_installer_smoke.nim'],
      reason: "test-windows-installer runs the vm-harness sibling repository's Hyper-V installer smoke test inside that checkout; it compiles another project's test, so no driver target applies",
    },
    {
      glob: '.github/workflows/codetracer.yml',
      sources: ['koch'],
      reason: 'the "Install nim" step builds koch from the nim-2.2.6 source tarball to bootstrap the compiler the python-wheel job uses; it builds nim, not a Codetracer artefact, so no driver target applies',
    },
    {
      glob: '.github/workflows/codetracer.yml',
      sources: ['src/ct_cli.nim', 'ct_interpose/src/ct_interpose/library_init_windows.nim'],
      reason: "the Windows job builds codetracer-native-recorder's ct_mcr.exe and ct_interpose.dll with --cc:vcc inside that sibling checkout; they are another repository's tools, so no driver target applies",
    },
    {
      glob: 'ci/test/ct-providers.sh',
      sources: ['$file'],
      reason: 'run_nim_test compiles and runs each cross-language provider test suite (`"$file"`) from a scratch nimcache; test programs are never shipped, so no driver target applies',
    },
    {
      glob: 'ci/test/m16-release-gate.sh',
      sources: ['src/ct_test/release_gate_test.nim', 'src/ct_test/ct_test.nim', '$file'],
      reason: 'the M16 release gate compiles its gate tests (release_gate_test.nim and the suites run_nim_test gets as `"$file"`) and the ct-test CLI they drive into its scratch cache; these are test programs, never shipped, so no driver target applies',
    },
    {
      glob: 'scripts/test-codetracer-agentic-headless.sh',
      sources: ['$path', 'src/frontend/viewmodel/tests/unit/*.nim'],
      reason: 'the headless agentic suite compiles and runs its ViewModel tests through run_cmd (run_nim passes each test module as `"$path"`); test programs are never shipped, so no driver target applies',
    },
    {
      glob: 'ci/test/visual-replay-gate.sh',
      sources: ['$test_file'],
      reason: 'the visual-replay gate compiles and runs each required ViewModel test (`"$test_file"`) through visual_replay_run_nim_suite, which keeps its log; test programs are never shipped, so no driver target applies',
    },
    {
      glob: 'src/ct_test/fixtures/**/*.nimble',
      sources: ['tests/*.nim'],
      reason: "a project ct-test discovers in its own tests: the fixture's `test` task runs its unit tests the way a user's nimble project does; it is test input, so no driver target applies",
    },
    {
      glob: 'browser-replay/tests/test_emulator_api_native.sh',
      sources: ['$TEST_NIM'],
      reason: "compiles and runs the browser-replay emulator API test inside the native recorder's checkout (`direnv exec \"$NATIVE_RECORDER\"`); it is another repository's test, so no driver target applies",
    },
    {
      glob: 'docs/book-isonim/Justfile',
      sources: ['tests/*.nim', 'src/{build,dev,ssr}.nim'],
      reason: "the isonim book's recipes compile and run its own tests, static-site builder, live docs server and SSR preview; they build documentation tooling, not a Codetracer artefact, so no driver target applies",
    },
    {
      glob: 'src/db-backend/tests/fixtures/origin/nim/*/regenerate.sh',
      sources: ['main.nim'],
      reason: "regenerates a Value Origin fixture: compiles the fixture's main.nim with -d:debug --debugger:native for the native recorder to record; it is db-backend test input, so no driver target applies",
    },
    {
      glob: 'src/db-backend/tests/fixtures/span_stream/regenerate.sh',
      sources: ['$here/gen_span_fixtures.nim'],
      reason: 'compiles the span-stream fixture generator to a temporary directory and runs it to write db-backend test fixtures; it is a test helper, so no driver target applies',
    },
  ],
};
