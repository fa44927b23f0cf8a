import type { AppContext } from '../app/app-context.js';
import type { JobHandler, JobHandlers, JobName, JobPayloads, WorkerHooks } from './job-queue.js';
import { withLogContext } from '../logging/log-context.js';
import { markWebhookEventsFailed } from '../sync/mark-webhook-events-failed.js';
import { runPull } from '../sync/run-pull.js';
import { fetchAndApply } from '../sync/fetch-and-apply.js';
import { processWebhookDelivery } from '../sync/process-webhook-delivery.js';
import { runSchedulerTick } from '../sync/run-scheduler-tick.js';
import { maintainWebhooks } from '../sync/maintain-webhooks.js';
import { deliverPendingMail } from '../mail/deliver-pending-mail.js';
import { markConnectionFailed } from '../connections/connection-repository.js';
import { relinkWorkspace } from '../identity/relink-workspace.js';
import { sendNotificationDigests } from '../notifications/send-notification-digests.js';
import { pruneWebhookDeliveries } from '../../webhooks/prune-webhook-deliveries.js';
import { performPortalAction } from '../outbox/perform-portal-action.js';
import { listRecordDocuments, queueUnlistedDocuments } from '../documents/list-record-documents.js';
import { refreshConversation } from '../conversations/refresh-conversation.js';

/** The same handlers serve both runners. */
export function createJobHandlers(app: AppContext): JobHandlers {
  const handlers: JobHandlers = {
    'sync.pull': async ({ connectionId, objectType, mode }, job) => {
      await runPull(app, connectionId, objectType, mode, job.signal);
    },
    'records.fetch': async ({ connectionId, objectType, externalIds }) => {
      await fetchAndApply(app, connectionId, objectType, externalIds);
    },
    'webhook.process': ({ deliveryId }) => processWebhookDelivery(app, deliveryId),
    'mail.deliver': async () => {
      await deliverPendingMail(app.store.db, app.mailer, app.config.mailFrom, app.logger);
    },
    'links.resolve': async () => {
      await relinkWorkspace(app);
      // Records linked just now have their files listed (listing is for client-owned records only).
      await queueUnlistedDocuments(app);
    },
    'webhooks.maintain': async ({ connectionId }) => {
      await maintainWebhooks(app, connectionId);
    },
    'notifications.digest': async () => {
      await sendNotificationDigests(app);
    },
    'webhooks.prune': async () => {
      const { deleted, more } = await pruneWebhookDeliveries(app);
      if (deleted > 0) app.logger.info('old webhook deliveries pruned', { deleted, more, retentionDays: app.config.webhookRetentionDays });
    },
    'documents.list': async ({ connectionId, recordIds }) => {
      await listRecordDocuments(app, connectionId, recordIds);
    },
    'conversations.refresh': async ({ connectionId, projectExternalId }) => {
      await refreshConversation(app, connectionId, projectExternalId);
    },
    'outbox.perform': ({ actionId }, job) => performPortalAction(app, actionId, job),
    'scheduler.tick': async () => {
      await runSchedulerTick(app);
    },
  };
  // Every line logged while a job runs carries its id and name, whichever module writes it.
  for (const name of Object.keys(handlers) as JobName[]) {
    const handler = handlers[name] as JobHandler<JobName>;
    (handlers as Record<JobName, JobHandler<JobName>>)[name] = (payload, job) => withLogContext({ jobId: job.id, job: job.name }, () => handler(payload, job));
  }
  return handlers;
}

/**
 * A connection whose jobs keep failing is marked unhealthy with the provider's own message
 * once retries are exhausted (or at once for failures no retry can fix), and is not polled
 * again until someone fixes and resumes it: never retried forever.
 */
export function createWorkerHooks(app: AppContext): WorkerHooks {
  const connectionOf = (payload: unknown) =>
    payload && typeof payload === 'object' && 'connectionId' in payload ? Number((payload as { connectionId: unknown }).connectionId) : null;
  return {
    onFailed(job, payload, error) {
      // A delivery whose job gave up keeps its events as failed (with why), so the pending-event sweeper leaves them be.
      if (job.name === 'webhook.process') {
        const { deliveryId } = payload as JobPayloads['webhook.process'];
        // The hook is synchronous; a failure to mark them leaves the events pending, and the sweeper queues them again.
        markWebhookEventsFailed(app, deliveryId, error.message).catch((failure: unknown) =>
          app.logger.error('marking a webhook delivery\'s events failed did not succeed', { deliveryId, error: failure instanceof Error ? failure.message : String(failure) }),
        );
      }
      const connectionId = connectionOf(payload);
      if (connectionId != null) markConnectionFailed(app.db, connectionId, error.message, true);
    },
    onRetry(job, error) {
      app.logger.debug('job retry scheduled', { job: job.name, error: error.message });
    },
  };
}
