/** `npm start`: the service with every role, or those named by --roles. */
import { runService } from './run-service.js';

await runService(process.argv.slice(2));
