import { AppError } from '../domain/errors';
import { modelList } from '../models/registry';
import { YOLOX_NANO_FILE, YOLOX_NANO_MANIFEST } from '../models/yoloxNano';
import type { ModelManifest } from '../domain/manifest';
import type { ClientHandle } from '../bridge/client';
import type { ProgressEvent } from '../bridge/protocol';
import type { Controller } from './controller';
import { sortSnapshots, sortJobFiles } from './jobFiles';
import { browserEnv, fileNameOf, type PageEnv } from './pageEnv';
import { DEFAULT_DOWNLOADS, errorFrom, type AppStore, type DownloadSettings, type ErrorOrigin } from './store';

const SETTINGS_KEY = 'cnn-deploy-lab.downloads';

async function digestHex(algorithm: 'SHA-1' | 'SHA-256', bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Imports (DIGITS/Caffe jobs, ONNX files), downloads of trained weights, and the stored library. */
export function createLibraryController(store: AppStore, worker: ClientHandle, app: Controller, env: PageEnv = browserEnv()) {
  let abort: AbortController | undefined;

  const saved = env.settings.getItem(SETTINGS_KEY);
  if (saved) {
    try {
      store.setState({ downloads: { ...DEFAULT_DOWNLOADS, ...(JSON.parse(saved) as Partial<DownloadSettings>) } });
    } catch {
      env.settings.removeItem(SETTINGS_KEY);
    }
  }

  const fail = (error: unknown, origin: ErrorOrigin = 'import') =>
    store.setState({ error: errorFrom(error, origin), importProgress: undefined });

  const progressTo = (label: string) => (e: ProgressEvent) =>
    store.setState({
      importProgress: {
        label: e.stage === 'create' ? `${label}: converting layers` : label,
        loaded: e.loaded,
        total: e.total,
        cancellable: false,
      },
    });

  async function refresh(selectId?: string): Promise<void> {
    const library = await env.listLibrary();
    store.setState((s) => ({ library, models: modelList(library, s.urlModels) }));
    if (selectId) await app.selectModel(selectId);
  }

  return {
    /** Sorts dropped files into a Caffe job or an ONNX model and opens the matching form. */
    async takeFiles(files: File[]): Promise<void> {
      store.setState({ error: undefined, pendingCaffe: undefined, pendingOnnx: undefined, lastSummary: undefined });
      const job = sortJobFiles(files);
      if (job.kind === 'error') return fail(new AppError('MODEL_INVALID', job.message));
      if (job.kind === 'caffe') {
        store.setState({ pendingCaffe: { ...job.job, caffemodels: sortSnapshots(job.job.caffemodels) } });
        return;
      }
      store.setState({ importProgress: { label: `Reading ${job.onnx.name}`, loaded: 0, total: 0, cancellable: false } });
      try {
        const { signature, proposal } = await worker.current.request('inspectOnnx', { model: job.onnx, fileName: job.onnx.name });
        store.setState({ pendingOnnx: { file: job.onnx, signature, proposal, labels: job.labels }, importProgress: undefined });
      } catch (error) {
        fail(error);
      }
    },

    async convertCaffe(options: {
      name: string;
      snapshot: File;
      inputSize?: { height: number; width: number };
      channelMean?: number[];
    }): Promise<void> {
      const job = store.getState().pendingCaffe;
      if (!job) return;
      store.setState({
        error: undefined,
        importProgress: { label: `Converting ${options.snapshot.name}`, loaded: 0, total: 0, cancellable: false },
      });
      try {
        const result = await worker.current.request(
          'importCaffe',
          {
            name: options.name,
            prototxt: await job.prototxt.text(),
            prototxtName: job.prototxt.name,
            caffemodel: options.snapshot,
            caffemodelName: options.snapshot.name,
            mean: job.mean,
            meanName: job.mean?.name,
            channelMean: job.mean ? undefined : options.channelMean,
            inputSize: options.inputSize,
            labels: job.labels ? await job.labels.text() : undefined,
          },
          { onProgress: progressTo(`Converting ${options.snapshot.name}`) },
        );
        store.setState({ pendingCaffe: undefined, importProgress: undefined, lastSummary: result.summary });
        await refresh(result.entry.id);
      } catch (error) {
        fail(error);
      }
    },

    async saveOnnx(manifest: ModelManifest): Promise<void> {
      const pending = store.getState().pendingOnnx;
      if (!pending) return;
      store.setState({
        error: undefined,
        importProgress: { label: `Storing ${pending.file.name}`, loaded: 0, total: 0, cancellable: false },
      });
      try {
        const result = await worker.current.request('importOnnx', {
          model: pending.file,
          manifest,
          labels: pending.labels ? await pending.labels.text() : undefined,
        });
        store.setState({ pendingOnnx: undefined, importProgress: undefined });
        await refresh(result.entry.id);
      } catch (error) {
        fail(error);
      }
    },

    cancelPending(): void {
      store.setState({ pendingCaffe: undefined, pendingOnnx: undefined });
    },

    async remove(id: string): Promise<void> {
      await env.deleteFromLibrary(id);
      const selected = store.getState().modelId;
      const wasReplacement = store.getState().library.find((e) => e.id === id)?.replaces;
      await refresh();
      // The model in use is gone (or went back to synthetic weights): load what the picker now offers under that id.
      if (selected === id) await app.selectModel('googlenet');
      else if (wasReplacement === selected) await app.selectModel(selected);
    },

    setDownloads(settings: Partial<DownloadSettings>): void {
      const downloads = { ...store.getState().downloads, ...settings };
      env.settings.setItem(SETTINGS_KEY, JSON.stringify(downloads));
      store.setState({ downloads });
    },

    /** Trained BVLC GoogLeNet: download with progress and cancel, verify the sha1, convert, keep. */
    async downloadTrainedGoogLeNet(): Promise<void> {
      const { caffeUrl, caffeSha1 } = store.getState().downloads;
      abort = new AbortController();
      const label = `Downloading ${caffeUrl}`;
      store.setState({ error: undefined, importProgress: { label, loaded: 0, total: 0, cancellable: true } });
      try {
        const bytes = await env.fetchBytes(
          caffeUrl,
          'the trained GoogLeNet weights',
          (loaded, total) => store.setState({ importProgress: { label, loaded, total, cancellable: true } }),
          abort.signal,
        );
        const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        store.setState({ importProgress: { label: 'Verifying the checksum', loaded: 0, total: 0, cancellable: false } });
        const actual = await digestHex('SHA-1', buffer);
        if (actual !== caffeSha1.trim().toLowerCase()) {
          throw new AppError(
            'MODEL_INVALID',
            `checksum mismatch for ${caffeUrl}: expected sha1 ${caffeSha1}, got ${actual}. The file is not the expected bvlc_googlenet.caffemodel (or it is damaged); the synthetic GoogLeNet is kept.`,
          );
        }
        store.setState({ importProgress: { label: 'Converting the trained weights', loaded: 0, total: 0, cancellable: false } });
        const fileName = fileNameOf(caffeUrl, env.pageUrl, 'bvlc_googlenet.caffemodel');
        await worker.current.request('importTrainedGoogLeNet', { caffemodel: buffer, fileName }, { transfer: [buffer] });
        store.setState({ importProgress: undefined });
        await refresh('googlenet');
      } catch (error) {
        fail(error, 'downloads');
      } finally {
        abort = undefined;
      }
    },

    /**
     * Trained YOLOX-Nano (COCO, persons kept): download with progress and cancel, verify the sha256,
     * keep it in the library and load it. A file with another hash is refused and nothing is stored.
     */
    async downloadYoloxNano(): Promise<void> {
      const { yoloxUrl, yoloxSha256 } = store.getState().downloads;
      abort = new AbortController();
      const label = `Downloading ${yoloxUrl}`;
      store.setState({ error: undefined, importProgress: { label, loaded: 0, total: 0, cancellable: true } });
      try {
        const bytes = await env.fetchBytes(
          yoloxUrl,
          'the trained YOLOX-Nano',
          (loaded, total) => store.setState({ importProgress: { label, loaded, total, cancellable: true } }),
          abort.signal,
        );
        const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        store.setState({ importProgress: { label: 'Verifying the checksum', loaded: 0, total: 0, cancellable: false } });
        const actual = await digestHex('SHA-256', buffer);
        const expected = yoloxSha256.trim().toLowerCase();
        if (actual !== expected) {
          throw new AppError(
            'MODEL_INVALID',
            `checksum mismatch for ${yoloxUrl}: expected sha256 ${expected}, got ${actual}. The file is not the pinned ${YOLOX_NANO_FILE.name} (another build, or a damaged copy); nothing was saved.`,
          );
        }
        store.setState({ importProgress: { label: `Storing ${YOLOX_NANO_FILE.name}`, loaded: 0, total: 0, cancellable: false } });
        const result = await worker.current.request('importOnnx', { model: new Blob([buffer]), manifest: { ...YOLOX_NANO_MANIFEST } });
        store.setState({ importProgress: undefined });
        await refresh(result.entry.id);
      } catch (error) {
        fail(error, 'downloads');
      } finally {
        abort = undefined;
      }
    },

    /** ONNX Model Zoo GoogLeNet: download, then the same inspect-and-confirm form as a dropped .onnx file. */
    async downloadOnnxZooGoogLeNet(): Promise<void> {
      const { onnxZooUrl } = store.getState().downloads;
      abort = new AbortController();
      const label = `Downloading ${onnxZooUrl}`;
      store.setState({ error: undefined, importProgress: { label, loaded: 0, total: 0, cancellable: true } });
      try {
        const bytes = await env.fetchBytes(
          onnxZooUrl,
          'the ONNX Model Zoo GoogLeNet',
          (loaded, total) => store.setState({ importProgress: { label, loaded, total, cancellable: true } }),
          abort.signal,
        );
        const fileName = fileNameOf(onnxZooUrl, env.pageUrl, 'googlenet.onnx');
        store.setState({ importProgress: undefined });
        await this.takeFiles([new File([bytes as Uint8Array<ArrayBuffer>], fileName)]);
      } catch (error) {
        fail(error, 'downloads');
      } finally {
        abort = undefined;
      }
    },

    cancelDownload(): void {
      abort?.abort();
    },
  };
}

export type LibraryController = ReturnType<typeof createLibraryController>;
