// The library controller against a fake worker client and a fake page: imports (request, then a
// refreshed library, then the new model loaded), the download's checksum and cancel, removing
// models, saved settings, and every error reaching the store with its message.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConversionSummary } from '../caffe/convert';
import { AppError } from '../domain/errors';
import type { LibraryEntry } from '../domain/library';
import { libraryManifestUrl } from '../domain/library';
import { createController } from './controller';
import { createLibraryController } from './libraryController';
import { createAppStore, DEFAULT_DOWNLOADS } from './store';
import { FakeClient } from './testing/fakeClient';
import { fakeEnv, type FakeEnv } from './testing/fakeEnv';
import { manifestFor } from '../models/testing/manifests';
import { loadedModel } from './testing/models';

const SETTINGS_KEY = 'cnn-deploy-lab.downloads';

function setup(prepare: (env: FakeEnv) => void = () => {}) {
  const store = createAppStore();
  const client = new FakeClient();
  const env = fakeEnv();
  prepare(env);
  // Every model load succeeds at once: these tests are about what the library asks for.
  client.answer('load', ({ manifestUrl }) => loadedModel(decodeURIComponent(manifestUrl.split('/').slice(-2)[0]!)));
  const app = createController(store, client, env);
  const library = createLibraryController(store, client, app, env);
  return { store, client, env, library };
}

const file = (name: string, text = 'x') => new File([text], name);

const entry = (id: string, extra: Partial<LibraryEntry> = {}): LibraryEntry => ({
  id,
  name: id,
  task: 'classification',
  kind: 'caffe',
  bytes: 10,
  savedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const summary = { name: 'lenet', layers: [], parameterCount: 1 } as unknown as ConversionSummary;

describe('createLibraryController: importing', () => {
  it('a DIGITS job opens the Caffe form with the newest snapshot first; nothing is sent to the worker', async () => {
    const { store, client, library } = setup();
    await library.takeFiles([file('deploy.prototxt'), file('snapshot_iter_10.caffemodel'), file('snapshot_iter_200.caffemodel')]);
    expect(store.getState().pendingCaffe?.caffemodels.map((f) => f.name)).toEqual([
      'snapshot_iter_200.caffemodel',
      'snapshot_iter_10.caffemodel',
    ]);
    expect(client.types).toEqual([]);
  });

  it('files that are no model: the error names them', async () => {
    const { store, library } = setup();
    await library.takeFiles([file('notes.txt')]);
    expect(store.getState().error).toEqual({
      code: 'MODEL_INVALID',
      message: 'none of "notes.txt" is a model: drop an .onnx file, or a deploy.prototxt with its .caffemodel',
      origin: 'import',
    });
  });

  it('converts a Caffe job: importCaffe with the files, progress per layer, then the library refreshed and the model loaded', async () => {
    const { store, client, env, library } = setup();
    await library.takeFiles([file('deploy.prototxt', 'name: "lenet"'), file('snapshot_iter_5.caffemodel'), file('labels.txt', 'a\nb')]);
    const snapshot = store.getState().pendingCaffe!.caffemodels[0]!;
    const convert = library.convertCaffe({ name: 'lenet', snapshot, channelMean: [1, 2, 3] });
    const request = await client.next('importCaffe');
    expect(request.payload).toMatchObject({
      name: 'lenet',
      prototxt: 'name: "lenet"',
      prototxtName: 'deploy.prototxt',
      caffemodelName: 'snapshot_iter_5.caffemodel',
      channelMean: [1, 2, 3],
      labels: 'a\nb',
    });
    request.options?.onProgress?.({ kind: 'progress', id: 1, stage: 'create', loaded: 3, total: 9 });
    expect(store.getState().importProgress).toEqual({
      label: 'Converting snapshot_iter_5.caffemodel: converting layers',
      loaded: 3,
      total: 9,
      cancellable: false,
    });
    env.library = [entry('lenet')];
    request.resolve({ entry: entry('lenet'), manifestUrl: libraryManifestUrl('lenet'), summary });
    await convert;
    expect(client.types).toEqual(['importCaffe', 'load']);
    expect(client.sentOf('load')[0]?.payload.manifestUrl).toBe(libraryManifestUrl('lenet'));
    expect(store.getState()).toMatchObject({ pendingCaffe: undefined, importProgress: undefined, lastSummary: summary, modelId: 'lenet' });
    expect(store.getState().models.map((m) => m.id)).toContain('lenet');
  });

  it('a conversion error reaches the store with its message and clears the progress bar', async () => {
    const { store, client, library } = setup();
    await library.takeFiles([file('deploy.prototxt'), file('snapshot_iter_5.caffemodel')]);
    const convert = library.convertCaffe({ name: 'x', snapshot: store.getState().pendingCaffe!.caffemodels[0]! });
    (await client.next('importCaffe')).reject(new AppError('MODEL_INVALID', "layer 'crop' (Crop): this layer type is not supported"));
    await convert;
    expect(store.getState()).toMatchObject({
      importProgress: undefined,
      error: { code: 'MODEL_INVALID', message: "layer 'crop' (Crop): this layer type is not supported" },
    });
    expect(store.getState().pendingCaffe).toBeDefined();
  });

  it('an ONNX file: inspected, the proposal confirmed, stored, then loaded', async () => {
    const { store, client, env, library } = setup();
    const taking = library.takeFiles([file('yolox.onnx')]);
    expect(store.getState().importProgress?.label).toBe('Reading yolox.onnx');
    const inspect = client.oldest('inspectOnnx');
    expect(inspect.payload.fileName).toBe('yolox.onnx');
    inspect.resolve({ signature: { inputs: [], outputs: [] }, proposal: manifestFor('yolox', 'yolox') });
    await taking;
    expect(store.getState().pendingOnnx?.proposal.id).toBe('yolox');

    const saving = library.saveOnnx(manifestFor('yolox', 'yolox'));
    env.library = [entry('yolox', { kind: 'onnx', task: 'yolox' })];
    (await client.next('importOnnx')).resolve({ entry: entry('yolox'), manifestUrl: libraryManifestUrl('yolox') });
    await saving;
    expect(client.types).toEqual(['inspectOnnx', 'importOnnx', 'load']);
    expect(store.getState()).toMatchObject({ pendingOnnx: undefined, modelId: 'yolox', status: 'ready' });
  });

  it('an ONNX file the worker cannot read: the error is shown and no form opens', async () => {
    const { store, client, library } = setup();
    const taking = library.takeFiles([file('broken.onnx')]);
    client.oldest('inspectOnnx').reject(new AppError('MODEL_INVALID', 'broken.onnx is not an ONNX model (protobuf: index out of range)'));
    await taking;
    expect(store.getState()).toMatchObject({
      pendingOnnx: undefined,
      importProgress: undefined,
      error: { code: 'MODEL_INVALID', message: 'broken.onnx is not an ONNX model (protobuf: index out of range)' },
    });
  });
});

describe('createLibraryController: the trained GoogLeNet download', () => {
  const weights = new Uint8Array([1, 2, 3, 4, 5]);
  const sha1 = createHash('sha1').update(weights).digest('hex');

  it('downloads with progress, checks the sha1, hands the bytes over (transferred) and loads the trained model', async () => {
    const { store, client, env, library } = setup((env) => {
      env.fetchBytes = async (_url, _what, onProgress) => {
        onProgress?.(5, 5);
        return weights;
      };
    });
    library.setDownloads({ caffeSha1: sha1.toUpperCase() });
    const download = library.downloadTrainedGoogLeNet();
    const request = await client.next('importTrainedGoogLeNet');
    expect(request.payload.fileName).toBe('bvlc_googlenet.caffemodel');
    expect(new Uint8Array(request.payload.caffemodel)).toEqual(weights);
    expect(request.options?.transfer).toEqual([request.payload.caffemodel]);
    env.library = [entry('googlenet-trained', { kind: 'download', replaces: 'googlenet' })];
    request.resolve({ entry: env.library[0]!, manifestUrl: libraryManifestUrl('googlenet-trained') });
    await download;
    expect(client.types).toEqual(['importTrainedGoogLeNet', 'load']);
    expect(client.sentOf('load')[0]?.payload.manifestUrl).toBe(libraryManifestUrl('googlenet-trained'));
    expect(store.getState().importProgress).toBeUndefined();
  });

  it('a checksum mismatch names both sums and sends nothing to the worker', async () => {
    const { store, client, library } = setup((env) => {
      env.fetchBytes = async () => weights;
    });
    await library.downloadTrainedGoogLeNet();
    expect(client.types).toEqual([]);
    expect(store.getState().error?.message).toBe(
      `checksum mismatch for ${DEFAULT_DOWNLOADS.caffeUrl}: expected sha1 ${DEFAULT_DOWNLOADS.caffeSha1}, got ${sha1}. The file is not the expected bvlc_googlenet.caffemodel (or it is damaged); the synthetic GoogLeNet is kept.`,
    );
  });

  it('cancel aborts the download in flight; the cancellation is reported and the next download gets a fresh signal', async () => {
    const signals: AbortSignal[] = [];
    const { store, library } = setup((env) => {
      env.fetchBytes = (_url, what, _progress, signal) =>
        new Promise((_, reject) => {
          signals.push(signal!);
          signal!.addEventListener('abort', () => reject(new AppError('SUPERSEDED', `the download of ${what} was cancelled`)));
        });
    });
    const download = library.downloadTrainedGoogLeNet();
    expect(store.getState().importProgress?.cancellable).toBe(true);
    library.cancelDownload();
    await download;
    expect(signals[0]?.aborted).toBe(true);
    expect(store.getState()).toMatchObject({
      importProgress: undefined,
      error: { code: 'SUPERSEDED', message: 'the download of the trained GoogLeNet weights was cancelled' },
    });
    void library.downloadOnnxZooGoogLeNet();
    expect(signals[1]?.aborted).toBe(false);
    library.cancelDownload();
  });

  it('the ONNX Model Zoo download opens the ONNX form for the file, named from its URL', async () => {
    const { client, library } = setup((env) => {
      env.fetchBytes = async () => new Uint8Array([8, 1]);
    });
    void library.downloadOnnxZooGoogLeNet();
    expect((await client.next('inspectOnnx')).payload.fileName).toBe('googlenet-3.onnx');
  });
});

describe('createLibraryController: the trained YOLOX-Nano download', () => {
  const onnx = new Uint8Array([9, 8, 7, 6]);
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  const served = (bytes: Uint8Array) => (env: FakeEnv) => {
    env.fetchBytes = async (_url, _what, onProgress) => {
      onProgress?.(bytes.byteLength, bytes.byteLength);
      return bytes;
    };
  };

  it('a file whose sha256 differs is refused naming both hashes and the URL; nothing reaches the worker or the library', async () => {
    const { store, client, library } = setup(served(onnx));
    await library.downloadYoloxNano();
    expect(client.types).toEqual([]);
    expect(store.getState().error).toEqual({
      code: 'MODEL_INVALID',
      message: `checksum mismatch for ${DEFAULT_DOWNLOADS.yoloxUrl}: expected sha256 ${DEFAULT_DOWNLOADS.yoloxSha256}, got ${sha256}. The file is not the pinned yolox_nano.onnx (another build, or a damaged copy); nothing was saved.`,
      origin: 'downloads',
    });
    expect(store.getState()).toMatchObject({ importProgress: undefined, library: [], modelId: 'googlenet' });
  });

  it('the right file is stored with the YOLOX-Nano manifest (persons kept), then listed and selected', async () => {
    const { store, client, env, library } = setup(served(onnx));
    library.setDownloads({ yoloxUrl: 'https://mirror.test/yolox_nano.onnx', yoloxSha256: ` ${sha256.toUpperCase()} ` });
    const download = library.downloadYoloxNano();
    const request = await client.next('importOnnx');
    expect(new Uint8Array(await request.payload.model.arrayBuffer())).toEqual(onnx);
    expect(request.payload.manifest).toMatchObject({ id: 'yolox-nano', task: 'yolox', weights: 'trained', yolox: { classFilter: [0] } });
    env.library = [entry('yolox-nano', { kind: 'onnx', task: 'yolox' })];
    request.resolve({ entry: env.library[0]!, manifestUrl: libraryManifestUrl('yolox-nano') });
    await download;
    expect(client.types).toEqual(['importOnnx', 'load']);
    expect(client.sentOf('load')[0]?.payload.manifestUrl).toBe(libraryManifestUrl('yolox-nano'));
    expect(store.getState()).toMatchObject({ modelId: 'yolox-nano', importProgress: undefined, error: undefined });
    expect(store.getState().library.map((e) => e.id)).toEqual(['yolox-nano']);
    expect(store.getState().models.map((m) => m.id)).toContain('yolox-nano');
  });

  it('shows the bytes as they arrive and can be cancelled; nothing is stored', async () => {
    let progressSeen: unknown;
    const { store, client, library } = setup((env) => {
      env.fetchBytes = (_url, what, onProgress, signal) =>
        new Promise((_, reject) => {
          onProgress?.(1_000_000, 3_660_092);
          progressSeen = store.getState().importProgress;
          signal!.addEventListener('abort', () => reject(new AppError('SUPERSEDED', `the download of ${what} was cancelled`)));
        });
    });
    const download = library.downloadYoloxNano();
    expect(progressSeen).toEqual({
      label: `Downloading ${DEFAULT_DOWNLOADS.yoloxUrl}`,
      loaded: 1_000_000,
      total: 3_660_092,
      cancellable: true,
    });
    library.cancelDownload();
    await download;
    expect(client.types).toEqual([]);
    expect(store.getState()).toMatchObject({
      importProgress: undefined,
      error: { code: 'SUPERSEDED', message: 'the download of the trained YOLOX-Nano was cancelled' },
    });
  });
});

describe('createLibraryController: the stored library and settings', () => {
  it('removing the model in use loads GoogLeNet; removing trained weights reloads the synthetic model under the same id', async () => {
    const { store, client, env, library } = setup((env) => {
      env.library = [entry('lenet'), entry('googlenet-trained', { replaces: 'googlenet' })];
    });
    store.setState({ modelId: 'lenet', library: env.library });
    await library.remove('lenet');
    expect(env.deleted).toEqual(['lenet']);
    expect(store.getState().modelId).toBe('googlenet');
    expect(client.sentOf('load').at(-1)?.payload.manifestUrl).toBe(libraryManifestUrl('googlenet-trained'));

    await library.remove('googlenet-trained');
    expect(client.sentOf('load').at(-1)?.payload.manifestUrl).toBe('http://lab.test/models/googlenet/manifest.json');
    expect(store.getState().library).toEqual([]);
  });

  it('reads saved download settings at start, drops unreadable ones, and saves changes', () => {
    const first = setup((env) => env.storedSettings.set(SETTINGS_KEY, JSON.stringify({ caffeUrl: 'https://mirror.test/g.caffemodel' })));
    expect(first.store.getState().downloads).toEqual({ ...DEFAULT_DOWNLOADS, caffeUrl: 'https://mirror.test/g.caffemodel' });
    first.library.setDownloads({ onnxZooUrl: 'https://mirror.test/g.onnx', yoloxUrl: 'https://mirror.test/y.onnx' });
    expect(JSON.parse(first.env.storedSettings.get(SETTINGS_KEY)!)).toMatchObject({
      onnxZooUrl: 'https://mirror.test/g.onnx',
      yoloxUrl: 'https://mirror.test/y.onnx',
      yoloxSha256: DEFAULT_DOWNLOADS.yoloxSha256,
    });

    const broken = setup((env) => env.storedSettings.set(SETTINGS_KEY, '{not json'));
    expect(broken.store.getState().downloads).toEqual(DEFAULT_DOWNLOADS);
    expect(broken.env.storedSettings.has(SETTINGS_KEY)).toBe(false);
  });
});
