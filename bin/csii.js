#!/usr/bin/env node
// The `csii` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs).
import '../dist/cli/entry.js';
