import type { CliCommand } from '../command.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the service',
  help: `Usage: rebound start [--roles smtp,imap,worker,api,scheduler]

Runs the service, like "npm start". See "npm start -- --help" and README.md.`,
  async run(argv) {
    const { runService } = await import('../../run-service.js');
    await runService(argv);
    return Number(process.exitCode ?? 0);
  },
};
