/**
 * A connector's pages with the next one always asked for as soon as the previous one is handed out,
 * so the provider's answer (its latency, and any pacing wait before the request) comes in while the
 * page before is being written. At most one page is held ahead, so memory stays at two pages.
 *
 * Nothing about what is committed changes: pages are still handed out, and written, one at a time
 * and in order, each with its own cursor, so a crash resumes at the first page not wholly written. A
 * failure fetching the page ahead surfaces when that page is reached, after the page before it is
 * written. Connectors do not read the store while they page (their context has no store), so reading
 * ahead of the writes cannot change what they fetch.
 *
 * Left early (a write failed, the job was aborted), the connector's generator is closed without
 * waiting for the request in flight: that request ends within its own timeout, and its page is dropped.
 */
export async function* prefetchPages<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let ahead = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const result = await ahead;
      if (result.done) {
        finished = true;
        return;
      }
      ahead = iterator.next();
      // Reached (and rethrown) only after this page is written; until then it is not unhandled.
      ahead.catch(() => {});
      yield result.value;
    }
  } catch (error) {
    // The connector's own generator threw: it has finished.
    finished = true;
    throw error;
  } finally {
    if (!finished) iterator.return?.().catch(() => {});
  }
}
