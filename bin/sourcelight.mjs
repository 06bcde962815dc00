#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx sourcelight` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
