// Entry point of `npm run test:live` (see live-runner.ts and docs/conformance.md). Without its variables
// it prints one line and exits 0; the runner (SDK clients, emulator for the comparison) is loaded only
// when they are all set.
import { missingSetup } from './live-env.js';

const missing = missingSetup(process.env);
if (missing !== undefined) {
  process.stdout.write(`${missing}\n`);
} else {
  const { main } = await import('./live-runner.js');
  process.exitCode = await main(process.env, (line) => process.stdout.write(`${line}\n`));
}
