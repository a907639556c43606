/**
 * One real ketaclinic server in its own process (HTTP, job queue, reminders), for the test that runs
 * two of them on one database. The parent sends "remind" to enqueue a reminders run at once (the cron
 * would otherwise wait for the next minute) and "stop" to shut down.
 */
import { loadConfig } from '../../src/config.js';
import { REMINDERS_JOB } from '../../src/jobs/reminders.js';
import { startServer } from '../../src/server.js';

const server = await startServer(loadConfig(process.env), () => undefined);
process.on('message', (message) => {
  if (message === 'remind') void server.jobs?.send(REMINDERS_JOB);
  if (message === 'stop') void server.stop().then(() => process.exit(0));
});
process.send?.({ ready: true, url: server.url, jobs: server.jobs !== undefined });
