import { describe, expect, it } from 'vitest';
import { formatBytes } from './memory';

describe('formatBytes', () => {
  it('uses binary units, with one decimal below 10', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(128 * 2 ** 20), formatBytes(3_211_264), formatBytes(2 ** 32)]).toEqual([
      '512 B',
      '1.5 KiB',
      '128 MiB',
      '3.1 MiB',
      '4 GiB',
    ]);
  });
});
