import { describe, expect, it } from 'vitest';
import { sortJobFiles, sortSnapshots } from './jobFiles';

const file = (name: string) => new File(['x'], name);

describe('sortJobFiles', () => {
  it('takes a DIGITS job: the deploy prototxt, its snapshots, the mean and labels', () => {
    const sorted = sortJobFiles([
      file('train_val.prototxt'),
      file('deploy.prototxt'),
      file('solver.prototxt'),
      file('snapshot_iter_100.caffemodel'),
      file('mean.binaryproto'),
      file('labels.txt'),
    ]);
    expect(sorted.kind).toBe('caffe');
    if (sorted.kind !== 'caffe') return;
    expect(sorted.job.prototxt.name).toBe('deploy.prototxt');
    expect(sorted.job.mean?.name).toBe('mean.binaryproto');
    expect(sorted.job.labels?.name).toBe('labels.txt');
  });

  it('takes an ONNX file with an optional labels file', () => {
    const sorted = sortJobFiles([file('net.onnx'), file('synset.txt')]);
    expect(sorted).toMatchObject({ kind: 'onnx', onnx: { name: 'net.onnx' }, labels: { name: 'synset.txt' } });
  });

  it('says what is missing', () => {
    expect(sortJobFiles([file('snapshot_iter_5.caffemodel')])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('needs its deploy.prototxt'),
    });
    expect(sortJobFiles([file('deploy.prototxt')])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('drop a .caffemodel'),
    });
    expect(sortJobFiles([file('a.prototxt'), file('b.prototxt'), file('w.caffemodel')])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('none is named deploy'),
    });
    expect(sortJobFiles([file('cat.jpg')])).toMatchObject({ kind: 'error', message: expect.stringContaining('"cat.jpg"') });
  });
});

describe('sortSnapshots', () => {
  it('puts the newest iteration first', () => {
    const sorted = sortSnapshots([
      file('snapshot_iter_900.caffemodel'),
      file('snapshot_iter_12000.caffemodel'),
      file('other.caffemodel'),
      file('snapshot_iter_3000.caffemodel'),
    ]);
    expect(sorted.map((f) => f.name)).toEqual([
      'snapshot_iter_12000.caffemodel',
      'snapshot_iter_3000.caffemodel',
      'snapshot_iter_900.caffemodel',
      'other.caffemodel',
    ]);
  });
});
