import { describe, expect, it } from 'vitest';
import { changeEventBatch } from './stream-change-events.js';

const message = (changeType: string, recordIds = ['0065e00000Opp1AAA']) => ({
  payload: { ChangeEventHeader: { entityName: 'Opportunity', recordIds, changeType, commitTimestamp: 1_795_000_000_000 } },
  event: { replayId: 41 },
});

describe('change event → batch', () => {
  it('fetches created, updated and undeleted records, tombstones deleted ones, and polls on gaps', () => {
    expect(changeEventBatch(message('UPDATE'))).toEqual({ objectType: 'Opportunity', changedIds: ['0065e00000Opp1AAA'], deleted: [], gap: false, position: { replayId: 41 } });
    expect(changeEventBatch(message('UNDELETE'))?.changedIds).toEqual(['0065e00000Opp1AAA']);
    expect(changeEventBatch(message('DELETE'))).toMatchObject({ changedIds: [], deleted: [{ id: '0065e00000Opp1AAA', at: 1_795_000_000_000 }] });
    // Gap and overflow events carry no usable ids: the object is polled instead.
    expect(changeEventBatch(message('GAP_OVERFLOW', []))).toMatchObject({ gap: true, changedIds: [], deleted: [] });
    expect(changeEventBatch(message('GAP_UPDATE'))).toMatchObject({ gap: true });
    expect(changeEventBatch({ payload: {} })).toBeNull();
  });
});
