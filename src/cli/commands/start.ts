import type { CliCommand } from '../command.js';
import { SERVICE_HELP } from '../../service-help.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the service',
  help: SERVICE_HELP,
  async run(argv) {
    const { runService } = await import('../../run-service.js');
    await runService(argv);
    return Number(process.exitCode ?? 0);
  },
};
