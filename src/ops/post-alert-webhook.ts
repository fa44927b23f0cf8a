import type { AppContext } from '../app/app-context.js';

/** A chat webhook that hangs must not hold up the scheduler tick. */
const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * POSTs `{ "text": … }` to CLIENTHUB_ALERT_WEBHOOK_URL (Slack's incoming-webhook shape, which
 * Mattermost, Rocket.Chat and Teams' Slack-compatible endpoints accept too). Email is the
 * record; this is a courtesy copy, so a failure is logged and nothing else.
 */
export async function postAlertWebhook(app: AppContext, text: string): Promise<boolean> {
  const url = app.config.alerts.webhookUrl;
  if (!url) return false;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) {
      app.logger.warn('alert webhook refused the message', { status: res.status, host: new URL(url).host });
      return false;
    }
    return true;
  } catch (error) {
    app.logger.warn('alert webhook could not be reached', { host: new URL(url).host, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
