#!/usr/bin/env node
// Thin launcher: all behaviour lives in runCli so tests can drive it without a process.
import { main } from '../dist/cli/main.js';

main();
