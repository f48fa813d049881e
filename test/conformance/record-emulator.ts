// Writes test/conformance/transcripts/emulator.json: a transcript produced against the EMULATOR (labelled
// so inside), committed as the reference format until someone contributes one from the real cloud.
import { writeFileSync } from 'node:fs';
import { runOnEmulator } from './emulator-target.js';
import { SCENARIOS } from './scenarios.js';

const { outcomes, transcript } = await runOnEmulator(SCENARIOS);
const failed = outcomes.filter((o) => !o.ok);
if (failed.length > 0) {
  for (const f of failed) process.stderr.write(`${f.id}: ${f.message}\n`);
  process.exit(1);
}
writeFileSync('test/conformance/transcripts/emulator.json', `${JSON.stringify(transcript, null, 1)}\n`);
process.stdout.write(`wrote ${transcript.entries.length} calls of ${transcript.scenarios.length} scenarios\n`);
