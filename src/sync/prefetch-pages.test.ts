import { describe, expect, it } from 'vitest';
import { prefetchPages } from './prefetch-pages.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A connector-like generator that logs when each page is asked for and when it is handed out. */
function pagesOf(count: number, log: string[], failAt?: number) {
  let closed = false;
  async function* pages() {
    try {
      for (let page = 1; page <= count; page++) {
        log.push(`fetch ${page}`);
        await tick();
        if (page === failAt) throw new Error(`page ${page} could not be read`);
        yield page;
      }
    } finally {
      closed = true;
    }
  }
  return { pages: pages(), isClosed: () => closed };
}

describe('prefetchPages', () => {
  it('asks for the next page while the one before is being written, and hands every page out once, in order', async () => {
    const log: string[] = [];
    const { pages } = pagesOf(3, log);
    const written: number[] = [];
    for await (const page of prefetchPages(pages)) {
      log.push(`write ${page} start`);
      await tick();
      await tick();
      written.push(page);
      log.push(`write ${page} end`);
    }
    expect(written).toEqual([1, 2, 3]);
    // Page 2 is requested before page 1's write ends (without read-ahead it would come after it).
    expect(log.indexOf('fetch 2')).toBeLessThan(log.indexOf('write 1 end'));
    expect(log.indexOf('fetch 3')).toBeLessThan(log.indexOf('write 2 end'));
    // Never more than one page ahead: page 3 is asked for only when page 2 is handed out, after page 1 is written.
    expect(log.indexOf('fetch 3')).toBeGreaterThan(log.indexOf('write 1 end'));
  });

  it('raises a failure of the page ahead only once the page before it is written', async () => {
    const log: string[] = [];
    const { pages } = pagesOf(3, log, 2);
    const written: number[] = [];
    const run = async () => {
      for await (const page of prefetchPages(pages)) {
        await tick();
        await tick();
        written.push(page);
      }
    };
    await expect(run()).rejects.toThrow('page 2 could not be read');
    expect(written).toEqual([1]);
  });

  it.each([
    ['answers', undefined],
    ['fails', 2],
  ])('closes the connector when the writer stops early, the page in flight %s, with no unhandled rejection', async (_case, failAt) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const log: string[] = [];
      const { pages, isClosed } = pagesOf(3, log, failAt);
      const run = async () => {
        for await (const page of prefetchPages(pages)) {
          await tick();
          throw new Error(`writing page ${page} failed`);
        }
      };
      await expect(run()).rejects.toThrow('writing page 1 failed');
      await tick();
      await tick();
      expect(isClosed()).toBe(true);
      // Page 2 was in flight; page 3 is never asked for.
      expect(log).toEqual(['fetch 1', 'fetch 2']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
