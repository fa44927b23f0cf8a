import { normalizeObjectType } from './crm-object-types.js';

export interface LoggedRequest {
  method: string;
  path: string;
  at: number;
}

/** Test hooks: what was asked of the emulator, and which record reads should be slow. */
export class EmulatorFaults {
  readonly requests: LoggedRequest[] = [];
  private readonly delays = new Map<string, number>();

  /** Makes every read of this record (get by id, or a batch read naming it) take `ms` longer; 0 clears it. */
  delayFor(objectType: string, id: string, ms: number): void {
    const key = delayKey(objectType, id);
    if (ms > 0) this.delays.set(key, ms);
    else this.delays.delete(key);
  }

  /** A batch is as slow as its slowest record. */
  delayOf(objectType: string, ids: readonly string[]): number {
    let longest = 0;
    for (const id of ids) longest = Math.max(longest, this.delays.get(delayKey(objectType, id)) ?? 0);
    return longest;
  }
}

function delayKey(objectType: string, id: string): string {
  return `${normalizeObjectType(objectType) ?? objectType}:${id}`;
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
