import type { AppContext } from '../app/app-context.js';
import type { Queryable } from '../store/store.js';
import type { Connection } from '../connections/connection-repository.js';
import { insertOutboxMessage } from '../store/mail/insert-outbox-message.js';
import { listWorkspaceConnections } from '../store/connections/list-workspace-connections.js';
import { listClientNames } from '../store/staff-console/list-client-names.js';
import { countOpenDeadLetters } from '../store/staff-console/count-open-dead-letters.js';
import { listOpsAlerts, type OpsAlertRow } from '../store/ops/list-ops-alerts.js';
import { openOpsAlert } from '../store/ops/open-ops-alert.js';
import { resolveOpsAlert } from '../store/ops/resolve-ops-alert.js';
import { countFailedActionsByClient } from '../store/ops/count-failed-actions-by-client.js';
import { listProvidersRefusingWebhooks } from '../store/ops/list-providers-refusing-webhooks.js';
import { hasAcceptedWebhookSince } from '../store/ops/has-accepted-webhook-since.js';
import { findWebhookStatusBefore } from '../store/ops/find-webhook-status-before.js';
import { listOwnerEmails } from '../store/ops/list-owner-emails.js';
import { summariseErrorText } from '../sync/summarise-provider-text.js';
import { describeSyncError } from '../staff/read/describe-sync-error.js';
import { readConnectionFreshness } from './read-connection-freshness.js';
import { formatAge } from './format-age.js';
import { postAlertWebhook } from './post-alert-webhook.js';

/** A condition staff should hear about, true right now. */
interface Condition {
  key: string;
  /** A few words for the email subject. */
  title: string;
  /** One line: what is wrong and what to do, for the subject and the webhook. */
  summary: string;
  /** Said once it clears. */
  recovery: string;
}

export interface AlertNotice {
  key: string;
  kind: 'alert' | 'recovery';
  title: string;
  text: string;
}

type AlertRow = OpsAlertRow;

/** Conditions true now. Open alerts are passed in: a refusal streak stays open until a delivery is accepted again. */
async function currentConditions(app: AppContext, tx: Queryable, connections: Map<number, Connection>, open: Map<string, AlertRow>, now: number): Promise<Condition[]> {
  const conditions: Condition[] = [];
  for (const c of await readConnectionFreshness(app, now, tx)) {
    const name = c.label === 'env' || c.label === c.providerName ? c.providerName : `${c.providerName} (${c.label})`;
    const recovery = `${name} is syncing again.`;
    if (c.state === 'unhealthy') {
      const row = connections.get(c.id);
      const error = row?.lastError ? summariseErrorText(row.lastError) : null;
      const remedy = describeSyncError(c.providerName, error, { provider: c.provider, label: c.label, authType: row?.authType ?? 'token', variables: app.connectors.has(c.provider) ? app.connectors.get(c.provider).environment : undefined });
      conditions.push({ key: `connection:${c.id}`, title: `${name} stopped syncing`, summary: `${name} stopped syncing${error ? `: ${error}` : ''}. ${remedy ?? 'Open the console\'s Sync page to fix it and press Run now.'}`, recovery });
    } else if (c.stale) {
      conditions.push({ key: `connection:${c.id}`, title: `${name} data is ${formatAge(c.ageMs)} old`, summary: `${name} has not synced successfully for ${formatAge(c.ageMs)}; clients see data that old. See the console's Sync page.`, recovery });
    }
  }
  const threshold = app.config.alerts.deadLetters;
  if (threshold > 0) {
    const n = await countOpenDeadLetters(tx, { workspaceId: app.workspaceId });
    if (n >= threshold) {
      conditions.push({ key: 'dead-letters', title: `${n} dead letters waiting`, summary: `${n} records could not be synced and wait in Dead letters (alert at ${threshold}). Replay or discard them in the console.`, recovery: `Open dead letters are below ${threshold} again.` });
    }
  }
  // A client's request or message that could not be delivered (issue 16): the client reads "your team
  // has been told", so this is told at once, per client, whatever the dead-letter threshold.
  for (const { clientId, name, n } of await countFailedActionsByClient(tx, app.workspaceId)) {
    const what = n === 1 ? 'a request or message' : `${n} requests or messages`;
    conditions.push({ key: `portal-actions:${clientId}`, title: `${name}: ${what} from the portal not delivered`, summary: `${name} sent ${what} from the portal that could not be delivered to your tools; they see it as not delivered yet. Open Portal actions in the console for the provider's reason, fix it and press Retry.`, recovery: portalActionsRecovery(name) });
  }
  conditions.push(...(await refusedWebhookConditions(app, tx, open, now)));
  return conditions;
}

/**
 * A webhook endpoint refusing every delivery for N minutes (a wrong signing secret, a rotated
 * key): the provider will soon stop sending, and changes then arrive only with the next poll.
 * Open from the moment every delivery of the last N minutes, and the one before them, was
 * refused; closed when one is accepted again (a provider that gave up sending is not a recovery).
 */
async function refusedWebhookConditions(app: AppContext, tx: Queryable, open: Map<string, AlertRow>, now: number): Promise<Condition[]> {
  const windowStart = now - app.config.alerts.webhookRefusedMinutes * 60_000;
  const conditionFor = (provider: string): Condition => {
    const name = app.connectors.has(provider) ? app.connectors.get(provider).displayName : provider;
    return {
      key: `webhook-refused:${provider}`,
      title: `${name} webhooks refused`,
      summary: `${name} webhook deliveries have all been refused for ${app.config.alerts.webhookRefusedMinutes} minutes or more. Check the signing secret on the console's Webhooks page; meanwhile changes arrive only with each poll.`,
      recovery: `${name} webhook deliveries are accepted again.`,
    };
  };
  const conditions: Condition[] = [];
  const seen = new Set<string>();
  for (const provider of await listProvidersRefusingWebhooks(tx, windowStart)) {
    seen.add(provider);
    if (await hasAcceptedWebhookSince(tx, provider, windowStart)) continue;
    const previous = await findWebhookStatusBefore(tx, provider, windowStart);
    if (previous === 'rejected' || open.get(`webhook-refused:${provider}`)?.state === 'open') conditions.push(conditionFor(provider));
  }
  for (const row of open.values()) {
    if (row.state !== 'open' || !row.key.startsWith('webhook-refused:')) continue;
    const provider = row.key.slice('webhook-refused:'.length);
    if (!seen.has(provider) && !(await hasAcceptedWebhookSince(tx, provider, row.openedAt))) conditions.push(conditionFor(provider));
  }
  return conditions;
}

async function emailOwners(app: AppContext, tx: Queryable, notice: AlertNotice, now: number): Promise<number> {
  const owners = await listOwnerEmails(tx, app.workspaceId);
  const subject = `[${app.config.businessName}] ${notice.kind === 'alert' ? 'Alert' : 'Resolved'}: ${notice.title}`;
  const text = `${notice.text}\n\nStaff console: ${app.config.publicUrl}/staff/sync\n\nYou receive this as an owner of ${app.config.businessName}'s ClientHub. One message is sent when a problem starts and one when it clears.\n`;
  for (const email of owners) await insertOutboxMessage(tx, { workspaceId: app.workspaceId, kind: `ops.${notice.kind}`, to: email, subject, text }, now);
  return owners.length;
}

/**
 * Staff alerts, evaluated by the scheduler tick: a connection unhealthy or stale, dead letters
 * piling up, a webhook endpoint refusing deliveries. The decision and the mail to owners are one
 * write transaction against ops_alerts, so however many processes evaluate, each alert and its
 * recovery notice are queued once. The optional webhook (CLIENTHUB_ALERT_WEBHOOK_URL) is posted
 * after commit by the process that made the change; its failures are logged, never fatal.
 */
export async function evaluateAlerts(app: AppContext, now = Date.now()): Promise<AlertNotice[]> {
  // Serializable: the read of ops_alerts and the decision to open or resolve are one step on every
  // engine (PostgreSQL retries the whole evaluation when another process decided meanwhile).
  const notices = await app.store.transaction(
    async (tx) => {
      const rows = await listOpsAlerts(tx, app.workspaceId);
      const known = new Map(rows.map((r) => [r.key, r]));
      const connections = new Map((await listWorkspaceConnections(tx, app.workspaceId)).map((c) => [c.id, c]));
      const active = new Map((await currentConditions(app, tx, connections, known, now)).map((c) => [c.key, c]));
      const changes: AlertNotice[] = [];
      for (const condition of active.values()) {
        if (known.get(condition.key)?.state === 'open') continue;
        await openOpsAlert(tx, app.workspaceId, condition.key, condition.summary, now);
        changes.push({ key: condition.key, kind: 'alert', title: condition.title, text: condition.summary });
      }
      const clientNames = rows.some((r) => r.state === 'open' && r.key.startsWith('portal-actions:')) ? await listClientNames(tx, app.workspaceId) : new Map<number, string>();
      for (const row of rows) {
        if (row.state !== 'open' || active.has(row.key)) continue;
        await resolveOpsAlert(tx, app.workspaceId, row.key, now);
        const text = recoveryText(app, row, connections, clientNames);
        changes.push({ key: row.key, kind: 'recovery', title: text.replace(/\.$/, ''), text });
      }
      for (const notice of changes) {
        if ((await emailOwners(app, tx, notice, now)) === 0) app.logger.warn('staff alert has no owner to email', { alert: notice.key });
      }
      return changes;
    },
    { isolation: 'serializable' },
  );
  for (const notice of notices) {
    app.logger[notice.kind === 'alert' ? 'warn' : 'info'](`staff ${notice.kind}: ${notice.text}`, { alert: notice.key });
    if (app.config.alerts.webhookUrl) await postAlertWebhook(app, `${notice.kind === 'alert' ? ':rotating_light:' : ':white_check_mark:'} ${app.config.businessName}: ${notice.text}`);
  }
  return notices;
}

function portalActionsRecovery(clientName: string): string {
  return `Every portal request and message of ${clientName} has been delivered or retried.`;
}

/** The recovery line for an alert that cleared: the condition is gone, so it is rebuilt from the key. */
function recoveryText(app: AppContext, row: AlertRow, connections: Map<number, Connection>, clientNames: Map<number, string>): string {
  if (row.key === 'dead-letters') return `Open dead letters are below ${app.config.alerts.deadLetters} again.`;
  if (row.key.startsWith('portal-actions:')) {
    return portalActionsRecovery(clientNames.get(Number(row.key.slice('portal-actions:'.length))) ?? 'A client');
  }
  if (row.key.startsWith('webhook-refused:')) {
    const provider = row.key.slice('webhook-refused:'.length);
    return `${app.connectors.has(provider) ? app.connectors.get(provider).displayName : provider} webhook deliveries are accepted again.`;
  }
  const id = Number(row.key.slice('connection:'.length));
  const connection = connections.get(id);
  if (!connection) return 'A connection that had a problem was removed.';
  const providerName = app.connectors.has(connection.provider) ? app.connectors.get(connection.provider).displayName : connection.provider;
  const name = connection.label === 'env' || connection.label === providerName ? providerName : `${providerName} (${connection.label})`;
  return connection.status === 'disconnected' ? `${name} was disconnected; its alert is closed.` : `${name} is syncing again.`;
}
