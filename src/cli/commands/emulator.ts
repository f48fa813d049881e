import { ExitCode, type Command } from '../io.js';

// Placeholder until the owning issue lands; keeps the dispatcher and build whole.
export const command: Command = {
  name: 'emulator',
  summary: 'emulator',
  async run(_argv, io) {
    io.stderr('error: "emulator" is not implemented yet\n');
    return ExitCode.failure;
  },
};
