import { ExitCode, type Command } from '../io.js';

// Placeholder until the owning issue lands; keeps the dispatcher and build whole.
export const command: Command = {
  name: 'validate',
  summary: 'validate',
  async run(_argv, io) {
    io.stderr('error: "validate" is not implemented yet\n');
    return ExitCode.failure;
  },
};
