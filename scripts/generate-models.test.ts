import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateBuiltInModels } from './generate-models';

describe('generateBuiltInModels', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes both models with stamps, skips them when current, and rewrites a damaged one', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const first = await generateBuiltInModels(dir);
    expect(first.map((m) => [m.id, m.upToDate])).toEqual([
      ['googlenet', false],
      ['detectnet', false],
    ]);
    const googlenet = path.join(dir, 'googlenet', 'model.onnx');
    expect(readFileSync(googlenet).length).toBe(first[0]?.bytes);
    expect(JSON.parse(readFileSync(`${googlenet}.stamp`, 'utf8'))).toMatchObject({ id: 'googlenet', seed: 1, parameterCount: 6_998_552 });

    const second = await generateBuiltInModels(dir);
    expect(second.every((m) => m.upToDate)).toBe(true);

    writeFileSync(googlenet, 'truncated');
    const third = await generateBuiltInModels(dir);
    expect(third.map((m) => m.upToDate)).toEqual([false, true]);
    expect(readFileSync(googlenet).length).toBe(first[0]?.bytes);
  }, 30_000);
});
