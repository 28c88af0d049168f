import { describe, expect, it } from 'vitest';
import { downloadText, REVOKE_AFTER_MS, type DownloadDom } from './download';

describe('downloadText', () => {
  it('clicks a link to the text and revokes its object URL once the timer it set has run', async () => {
    const timers: { run: () => void; ms: number }[] = [];
    const clicked: string[] = [];
    const revoked: string[] = [];
    let blob: Blob | undefined;
    const dom: DownloadDom = {
      createObjectURL: (b) => {
        blob = b;
        return 'blob:1';
      },
      revokeObjectURL: (url) => void revoked.push(url),
      clickLink: (url, name) => void clicked.push(`${name} <- ${url}`),
      setTimeout: (run, ms) => timers.push({ run, ms }),
    };
    downloadText('runs.csv', 'text/csv', 'a,b\n', dom);
    expect(clicked).toEqual(['runs.csv <- blob:1']);
    expect(await blob?.text()).toBe('a,b\n');
    expect(blob?.type).toBe('text/csv');
    // The browser reads the blob after the click: the URL must outlive it until the timer fires.
    expect(revoked).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([REVOKE_AFTER_MS]);
    timers[0]!.run();
    expect(revoked).toEqual(['blob:1']);
  });
});
