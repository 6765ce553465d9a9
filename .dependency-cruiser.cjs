// Architecture rules checked by `npm run deps:check` (dependency-cruiser).
// Type-only imports count too, unless a rule says otherwise.

/** Packages that do I/O (network, disk, processes, clocks of their own); the engine may use none of them. */
const IO_PACKAGES = [
  'fastify',
  '@fastify/',
  'ioredis',
  'lmdb',
  'telegraf',
  'openai',
  'bullmq',
  'botbuilder',
  'zca-js',
  'pino',
  'prom-client',
  'croner',
  'dotenv',
  'tsx',
  'better-sqlite3',
  'undici',
  'node-fetch',
  'playwright-core',
];
/** Node built-ins as dependency-cruiser names them: fs, node:fs, node:fs/promises. */
const CORE_MODULE = '^(node:)?[a-z_/]+$';
const nodeModule = (name) => `(^|/)node_modules/${name.replace(/\//g, '\\/').replace(/\\\/$/, '/')}`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle of imports that run code makes load order matter (a module may see another half-initialised).',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-types',
      severity: 'error',
      comment: 'Cycles through type-only imports are harmless at run time but tangle the parts: move the shared types to a module both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-imports-no-io-layers',
      severity: 'error',
      comment:
        'src/engine is pure: turn(state, inbound, context) -> result. It never imports the parts that do I/O ' +
        '(store, server, HTTP helpers, channels, runtime, AI, broadcasts, content loading, logs, CLI, start-up).',
      from: { path: '^src/engine/' },
      to: { path: ['^src/(store|server|http|channels|runtime|ai|broadcast|content|log|cli)/', '^src/(main|tutor)\\.ts$'] },
    },
    {
      name: 'engine-reaches-no-io',
      severity: 'error',
      comment:
        'Not even through a helper it imports (e.g. src/scam-check/urls.ts): nothing the engine loads may use a Node built-in ' +
        '(node:crypto for hashing and node:url for domainToASCII, both pure, excepted) or a package that does I/O.',
      from: { path: '^src/engine/' },
      to: { reachable: true, path: [CORE_MODULE, ...IO_PACKAGES.map(nodeModule)], pathNot: '^(node:)?(crypto|url)$' },
    },
    {
      name: 'channels-not-server',
      severity: 'error',
      comment:
        'A channel gets what it needs from its ChannelContext, and shared HTTP helpers from src/http; it never reaches into src/server. ' +
        'The one exception is the Metrics type (types only), which ChannelContext carries.',
      from: { path: '^src/channels/' },
      to: { path: '^src/server/', pathNot: '^src/server/metrics\\.ts$' },
    },
    {
      name: 'channels-metrics-types-only',
      severity: 'error',
      comment: 'Channels may name the Metrics type, never import the server module for its code.',
      from: { path: '^src/channels/' },
      to: { path: '^src/server/metrics\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'channels-not-store-internals',
      severity: 'error',
      comment: 'Channels use the store through its entry points (src/store/types.ts, src/store/index.ts), never an implementation.',
      from: { path: '^src/channels/' },
      to: { path: '^src/store/', pathNot: '^src/store/(types|index)\\.ts$' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'Production code never imports tests or their helpers.',
      from: { path: '^src/' },
      to: { path: '^tests/' },
    },
    {
      name: 'telemetry-sdk-lazy',
      severity: 'error',
      comment: 'The OpenTelemetry SDK is loaded only when an exporter is configured: src/telemetry/otel.ts alone imports it.',
      from: { pathNot: '^src/telemetry/otel\\.ts$' },
      to: { path: '(^|/)node_modules/@opentelemetry/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'telemetry-otel-imported-lazily',
      severity: 'error',
      comment: 'src/telemetry/otel.ts (and so the SDK) is reached only by the dynamic import in src/telemetry/index.ts.',
      from: {},
      to: { path: '^src/telemetry/otel\\.ts$', dynamic: false, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
