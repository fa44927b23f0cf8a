import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { queueMail } from '../mail/queue-mail.js';
import { summariseErrorText } from '../sync/summarise-provider-text.js';
import { describeSyncError } from '../staff/read/describe-sync-error.js';
import { listConnectionFreshness } from './connection-freshness.js';
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

interface AlertRow {
  key: string;
  state: 'open' | 'resolved';
  summary: string;
  opened_at: number;
}

/** Conditions true now. Open alerts are passed in: a refusal streak stays open until a delivery is accepted again. */
function currentConditions(app: AppContext, open: Map<string, AlertRow>, now: number): Condition[] {
  const conditions: Condition[] = [];
  const lastErrorOf = app.db.prepare('SELECT last_error AS error, auth_type AS authType FROM connections WHERE id = ?');
  for (const c of listConnectionFreshness(app, now)) {
    const name = c.label === 'env' || c.label === c.providerName ? c.providerName : `${c.providerName} (${c.label})`;
    const recovery = `${name} is syncing again.`;
    if (c.state === 'unhealthy') {
      const row = lastErrorOf.get(c.id) as { error: string | null; authType: 'token' | 'oauth' } | undefined;
      const error = row?.error ? summariseErrorText(row.error) : null;
      const remedy = describeSyncError(c.providerName, error, { provider: c.provider, label: c.label, authType: row?.authType ?? 'token', variables: app.connectors.has(c.provider) ? app.connectors.get(c.provider).environment : undefined });
      conditions.push({ key: `connection:${c.id}`, title: `${name} stopped syncing`, summary: `${name} stopped syncing${error ? `: ${error}` : ''}. ${remedy ?? 'Open the console\'s Sync page to fix it and press Run now.'}`, recovery });
    } else if (c.stale) {
      conditions.push({ key: `connection:${c.id}`, title: `${name} data is ${formatAge(c.ageMs)} old`, summary: `${name} has not synced successfully for ${formatAge(c.ageMs)}; clients see data that old. See the console's Sync page.`, recovery });
    }
  }
  const threshold = app.config.alerts.deadLetters;
  if (threshold > 0) {
    const { n } = app.db.prepare(`SELECT COUNT(*) AS n FROM dead_letters WHERE workspace_id = ? AND status = 'open'`).get(app.workspaceId) as { n: number };
    if (n >= threshold) {
      conditions.push({ key: 'dead-letters', title: `${n} dead letters waiting`, summary: `${n} records could not be synced and wait in Dead letters (alert at ${threshold}). Replay or discard them in the console.`, recovery: `Open dead letters are below ${threshold} again.` });
    }
  }
  // A client's request or message that could not be delivered (issue 16): the client reads "your team
  // has been told", so this is told at once, per client, whatever the dead-letter threshold.
  const undelivered = app.db
    .prepare(`SELECT a.client_id AS clientId, c.name, COUNT(*) AS n FROM portal_actions a JOIN clients c ON c.id = a.client_id WHERE a.workspace_id = ? AND a.status = 'failed' GROUP BY a.client_id ORDER BY a.client_id`)
    .all(app.workspaceId) as { clientId: number; name: string; n: number }[];
  for (const { clientId, name, n } of undelivered) {
    const what = n === 1 ? 'a request or message' : `${n} requests or messages`;
    conditions.push({ key: `portal-actions:${clientId}`, title: `${name}: ${what} from the portal not delivered`, summary: `${name} sent ${what} from the portal that could not be delivered to your tools; they see it as not delivered yet. Open Portal actions in the console for the provider's reason, fix it and press Retry.`, recovery: portalActionsRecovery(name) });
  }
  conditions.push(...refusedWebhookConditions(app, open, now));
  return conditions;
}

/**
 * A webhook endpoint refusing every delivery for N minutes (a wrong signing secret, a rotated
 * key): the provider will soon stop sending, and changes then arrive only with the next poll.
 * Open from the moment every delivery of the last N minutes, and the one before them, was
 * refused; closed when one is accepted again (a provider that gave up sending is not a recovery).
 */
function refusedWebhookConditions(app: AppContext, open: Map<string, AlertRow>, now: number): Condition[] {
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
  const acceptedSince = app.db.prepare(`SELECT 1 FROM webhook_deliveries WHERE provider = ? AND status = 'accepted' AND received_at >= ? LIMIT 1`);
  const before = app.db.prepare(`SELECT status FROM webhook_deliveries WHERE provider = ? AND received_at < ? ORDER BY received_at DESC LIMIT 1`);
  const refusedLately = app.db.prepare(`SELECT DISTINCT provider FROM webhook_deliveries WHERE received_at >= ? AND status = 'rejected'`).all(windowStart) as { provider: string }[];
  const seen = new Set<string>();
  for (const { provider } of refusedLately) {
    seen.add(provider);
    if (acceptedSince.get(provider, windowStart)) continue;
    const previous = before.get(provider, windowStart) as { status: string } | undefined;
    if (previous?.status === 'rejected' || open.get(`webhook-refused:${provider}`)?.state === 'open') conditions.push(conditionFor(provider));
  }
  for (const row of open.values()) {
    if (row.state !== 'open' || !row.key.startsWith('webhook-refused:')) continue;
    const provider = row.key.slice('webhook-refused:'.length);
    if (!seen.has(provider) && !acceptedSince.get(provider, row.opened_at)) conditions.push(conditionFor(provider));
  }
  return conditions;
}

function emailOwners(app: AppContext, notice: AlertNotice, now: number): number {
  const owners = app.db.prepare(`SELECT email FROM staff_users WHERE workspace_id = ? AND role = 'owner' AND status = 'active'`).all(app.workspaceId) as { email: string }[];
  const subject = `[${app.config.businessName}] ${notice.kind === 'alert' ? 'Alert' : 'Resolved'}: ${notice.title}`;
  const text = `${notice.text}\n\nStaff console: ${app.config.publicUrl}/staff/sync\n\nYou receive this as an owner of ${app.config.businessName}'s ClientHub. One message is sent when a problem starts and one when it clears.\n`;
  for (const { email } of owners) queueMail(app.db, { workspaceId: app.workspaceId, kind: `ops.${notice.kind}`, to: email, subject, text }, now);
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
  const notices = writeTransaction(app.db, () => {
    const rows = app.db.prepare('SELECT key, state, summary, opened_at FROM ops_alerts WHERE workspace_id = ?').all(app.workspaceId) as AlertRow[];
    const known = new Map(rows.map((r) => [r.key, r]));
    const active = new Map(currentConditions(app, known, now).map((c) => [c.key, c]));
    const changes: AlertNotice[] = [];
    for (const condition of active.values()) {
      if (known.get(condition.key)?.state === 'open') continue;
      app.db
        .prepare(
          `INSERT INTO ops_alerts (workspace_id, key, state, summary, opened_at) VALUES (?, ?, 'open', ?, ?)
           ON CONFLICT (workspace_id, key) DO UPDATE SET state = 'open', summary = excluded.summary, opened_at = excluded.opened_at, resolved_at = NULL`,
        )
        .run(app.workspaceId, condition.key, condition.summary, now);
      changes.push({ key: condition.key, kind: 'alert', title: condition.title, text: condition.summary });
    }
    for (const row of rows) {
      if (row.state !== 'open' || active.has(row.key)) continue;
      app.db.prepare(`UPDATE ops_alerts SET state = 'resolved', resolved_at = ? WHERE workspace_id = ? AND key = ?`).run(now, app.workspaceId, row.key);
      const text = recoveryText(app, row);
      changes.push({ key: row.key, kind: 'recovery', title: text.replace(/\.$/, ''), text });
    }
    for (const notice of changes) {
      if (emailOwners(app, notice, now) === 0) app.logger.warn('staff alert has no owner to email', { alert: notice.key });
    }
    return changes;
  });
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
function recoveryText(app: AppContext, row: AlertRow): string {
  if (row.key === 'dead-letters') return `Open dead letters are below ${app.config.alerts.deadLetters} again.`;
  if (row.key.startsWith('portal-actions:')) {
    const client = app.db.prepare('SELECT name FROM clients WHERE id = ?').get(Number(row.key.slice('portal-actions:'.length))) as { name: string } | undefined;
    return portalActionsRecovery(client?.name ?? 'A client');
  }
  if (row.key.startsWith('webhook-refused:')) {
    const provider = row.key.slice('webhook-refused:'.length);
    return `${app.connectors.has(provider) ? app.connectors.get(provider).displayName : provider} webhook deliveries are accepted again.`;
  }
  const id = Number(row.key.slice('connection:'.length));
  const connection = app.db.prepare('SELECT provider, label, status FROM connections WHERE id = ?').get(id) as { provider: string; label: string; status: string } | undefined;
  if (!connection) return 'A connection that had a problem was removed.';
  const providerName = app.connectors.has(connection.provider) ? app.connectors.get(connection.provider).displayName : connection.provider;
  const name = connection.label === 'env' || connection.label === providerName ? providerName : `${providerName} (${connection.label})`;
  return connection.status === 'disconnected' ? `${name} was disconnected; its alert is closed.` : `${name} is syncing again.`;
}
