/**
 * The dependency rule (docs/architecture.md): imports point inward only.
 *
 *   core  <-  store  <-  api  <-  shells (electron/, web/, hub/, station/)
 *                         ^
 *   renderer -------------+  the contract's types, plus the browser-safe core modules listed below
 *
 * Run it with `npm run test:deps` (scripts/check-deps.mjs). Run plainly (`npx depcruise src-main src-renderer`), the
 * tool reads a .svelte file through the svelte compiler, which drops `import type` lines; check-deps.mjs hands it each
 * component's script as TypeScript instead, so a component's type imports are held to the same rules.
 *
 * bench/ and scripts/ are tools: they may import any layer (only no-circular and not-to-unresolvable apply to them).
 * tests/ are not cruised.
 */

/**
 * The contract: what the transports bind and the renderer sees. Browser code: it imports only itself and browser-safe
 * core.
 */
const CONTRACT = [
  '^src-main/api/(contract|types|schemas|errors|bridge|assessment|derived)\\.ts$',
  '^src-main/api/methods/',
];

/**
 * Core modules that run in a browser page (no Node built-in, no native or Node-only package, zod at most) and import
 * only each other. The renderer may import them; the contract's types are built from them. A new one is added here on
 * purpose. The kiosk additionally stays free of zod at run time (tests/renderer/kiosk-zod-free.test.ts).
 */
const BROWSER_SAFE_CORE = [
  '^src-main/core/(age|backoff|clock|clinic|event-stream|held-intake|settings|text|vocabulary)\\.ts$',
  '^src-main/core/content/(cond|visibility|schema|answer-text|problems|examination|measures)\\.ts$',
  '^src-main/core/measures/(check|scoring|visit-plan|outcomes)\\.ts$',
  '^src-main/core/locales/(catalog|format)\\.ts$',
  '^src-main/core/triage/(engine|warnings|age-recheck)\\.ts$',
  '^src-main/core/handout/(plan|patient|schema|exclusion-rules)\\.ts$',
  '^src-main/core/export/(record|fhir)\\.ts$',
];

/**
 * What the renderer may import at run time, not just as types: browser-safe core, and the contract's zod-free helpers.
 */
const RENDERER_RUNTIME = [...BROWSER_SAFE_CORE, '^src-main/api/(assessment|derived|schemas)\\.ts$'];

/** The Node-side logger: a leaf over core that the store, the api and the shells may use. */
const NODE_LOG = '^src-main/log\\.ts$';

const NODE_ONLY_PACKAGES = 'node_modules/(better-sqlite3|electron|@electron|pdfkit|svg-to-pdfkit|fontkit)/';
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment:
        'src-main/core is the pure domain: it imports only core, never the store, the api, a shell or the renderer.',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { dependencyTypes: ['local'], pathNot: '^src-main/core/' },
    },
    {
      name: 'core-is-pure',
      comment: 'src-main/core runs without a database and without Electron: no better-sqlite3, no electron.',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { path: 'node_modules/(better-sqlite3|electron|@electron)/' },
    },
    {
      name: 'store-below-api',
      comment:
        'src-main/store imports only core (and the Node-side log): ' +
        "it returns its own row and domain types, never the contract's.",
      severity: 'error',
      from: { path: '^src-main/store/' },
      to: { dependencyTypes: ['local'], pathNot: ['^src-main/(core|store)/', NODE_LOG] },
    },
    {
      name: 'api-below-shells',
      comment:
        'src-main/api knows nothing of transports: it imports core, the store, the Node-side log and itself; ' +
        'never electron/, web/, hub/, station/ or the renderer.',
      severity: 'error',
      from: { path: '^src-main/api/' },
      to: { dependencyTypes: ['local'], pathNot: ['^src-main/(core|store|api)/', NODE_LOG] },
    },
    {
      name: 'contract-is-self-contained',
      comment:
        'The contract (api/contract, types, schemas, errors, bridge, assessment, derived, methods/) ' +
        'imports only itself and browser-safe core: no store, no handlers, no dispatcher. ' +
        "Result types (DTOs) live in api/types.ts; handlers map the store's types to them.",
      severity: 'error',
      from: { path: CONTRACT },
      to: { dependencyTypes: ['local'], pathNot: [...CONTRACT, ...BROWSER_SAFE_CORE] },
    },
    {
      name: 'shells-above-all',
      comment: 'Nothing in src-main imports the renderer: the shells serve its build, they do not import it.',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^src-renderer/' },
    },
    {
      name: 'electron-only-in-shell',
      comment:
        'Only src-main/electron/ imports Electron: the core, store, api, web shell, renderer and bench run without it.',
      severity: 'error',
      from: { path: '^(src-main|src-renderer|bench)/', pathNot: '^src-main/electron/' },
      to: { path: 'node_modules/(electron|@electron)/' },
    },
    {
      name: 'renderer-only-contract',
      comment:
        'The renderer imports from src-main only the contract ' +
        '(api/contract, types, schemas, errors, bridge, assessment, derived, methods/) ' +
        'and the browser-safe core modules listed in .dependency-cruiser.cjs; ' +
        'never the store, handlers, the dispatcher, a shell or Node-only core.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/', pathNot: [...CONTRACT, ...BROWSER_SAFE_CORE] },
    },
    {
      name: 'renderer-only-contract',
      comment:
        'At run time the renderer imports from src-main only browser-safe core ' +
        'and api/assessment, api/derived, api/schemas; ' +
        'the rest of the contract it imports as types (import type).',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/', pathNot: RENDERER_RUNTIME, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-is-browser-code',
      comment:
        'The renderer runs in a sandboxed browser page: ' +
        'no Node built-ins, no better-sqlite3, Electron, pdfkit or fontkit.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-is-browser-code',
      comment:
        'The renderer runs in a sandboxed browser page: ' +
        'no Node built-ins, no better-sqlite3, Electron, pdfkit or fontkit.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: NODE_ONLY_PACKAGES },
    },
    {
      name: 'browser-safe-stays-browser-safe',
      comment:
        'Browser-safe core and the contract import (types included: the renderer type-checks without Node) ' +
        'only browser-safe core and the contract.',
      severity: 'error',
      from: { path: [...BROWSER_SAFE_CORE, ...CONTRACT] },
      to: { dependencyTypes: ['local'], pathNot: [...BROWSER_SAFE_CORE, ...CONTRACT] },
    },
    {
      name: 'browser-safe-stays-browser-safe',
      comment: 'Browser-safe core and the contract use no Node built-in.',
      severity: 'error',
      from: { path: [...BROWSER_SAFE_CORE, ...CONTRACT] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-safe-stays-browser-safe',
      comment: 'Browser-safe core and the contract use no package but zod at run time.',
      severity: 'error',
      from: { path: [...BROWSER_SAFE_CORE, ...CONTRACT] },
      to: { dependencyTypes: NPM, dependencyTypesNot: ['type-only'], pathNot: 'node_modules/zod/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles at run time (a cycle made only of type imports is erased by the compiler and allowed).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves: one the tool cannot follow could hide a broken rule.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(tests|out|node_modules)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.svelte', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
