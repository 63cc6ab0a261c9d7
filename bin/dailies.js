#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import module from 'node:module';

// V8's compiled code for dailies' modules kept between runs (Node ≥ 22.8; NODE_DISABLE_COMPILE_CACHE=1
// turns it off): start-up ≈ 20 ms less CPU. Node 20 has no compile cache and starts as before.
module.enableCompileCache?.();
// lib/ bundled into a few files by `npm run build` (scripts/build-cli.js: fewer modules to load),
// else lib/ as tsc wrote it; imported after the cache is on, so that it is compiled through it.
// A bundle older than lib/ (a bare `tsc` after the last `npm run build`) is stale and not used.
const bundle = new URL('../lib/cli-bundle/main.js', import.meta.url);
const compiled = new URL('../lib/cli/main.js', import.meta.url);
const bundleIsCurrent = existsSync(bundle) && (!existsSync(compiled) || statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs);
const { main } = await import(bundleIsCurrent ? bundle.href : compiled.href);

process.exitCode = await main(process.argv.slice(2));
