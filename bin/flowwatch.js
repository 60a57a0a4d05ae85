#!/usr/bin/env -S node --max-semi-space-size=16
// --max-semi-space-size=16 (also in package.json's start and bench scripts): the young generation
// Node 20 had. Node 22 and 24 let it grow larger, which took a 300,000-record sync's peak RSS from
// 272 to 382 MB (bench ingest) with no CPU saved.
// The `flowwatch` command. Sources are TypeScript run through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
