import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FrameLoopOptions } from '../sources/videoFrames';
import { createDetectController } from './detectController';
import type { DetectPlatform, DetectView } from './detectPlatform';
import type { StreamedFrame } from './frameStream';
import { clusterParamsOf, createAppStore } from './store';
import { loadedModel } from './testing/models';
import { manifestFor } from '../models/testing/manifests';
import { DEFAULT_CLUSTER } from '../domain/manifest';
import { FakeWorker, fakeAnimationFrames, fakeFrame, settle } from './testing/fakeWorker';

/** The members of a <video> the controller touches, on a real EventTarget. */
class FakeVideo extends EventTarget {
  src = '';
  srcObject: unknown = null;
  playbackRate = 1;
  currentTime = 0;
  duration = 30;
  readyState = 4;
  paused = true;
  muted = false;
  loop = false;
  /** muted as it was at each play(): browsers allow autoplay of muted media only. */
  readonly playedMuted: boolean[] = [];
  error = null;
  pause() {
    this.paused = true;
  }
  play() {
    this.playedMuted.push(this.muted);
    this.paused = false;
    return Promise.resolve();
  }
  load() {}
  removeAttribute(name: string) {
    if (name === 'src') this.src = '';
  }
}

function setup(options: { worker?: FakeWorker; fps?: number } = {}) {
  const store = createAppStore();
  const worker = options.worker ?? new FakeWorker();
  const frames = fakeAnimationFrames();
  const video = new FakeVideo();
  const painted: StreamedFrame['entry'][] = [];
  let clears = 0;
  const view: DetectView = {
    video: video as unknown as HTMLVideoElement,
    paint: (f) => painted.push(f.entry),
    clear: () => void clears++,
  };
  const loops: { options: FrameLoopOptions; stop: ReturnType<typeof vi.fn> }[] = [];
  const urls = { created: [] as string[], revoked: [] as string[] };
  let probe: (url: string) => Promise<number | undefined> = () => Promise.resolve(options.fps ?? 10);
  const seeks: number[] = [];
  const platform: DetectPlatform = {
    probeFrameRate: (url) => probe(url),
    startFrameLoop: (_video, loopOptions) => {
      const stop = vi.fn();
      loops.push({ options: loopOptions, stop });
      return stop;
    },
    seekAndCapture: async (target, frameNumber, time) => {
      seeks.push(time);
      // A seek of the run fires 'seeking' like any other: the controller must not take it for the user's.
      target.dispatchEvent(new Event('seeking'));
      await Promise.resolve();
      return fakeFrame(frameNumber);
    },
    openWebcam: () => Promise.reject(new Error('no camera in unit tests')),
    closeWebcam: () => {},
    nextAnimationFrame: frames.request,
    createObjectURL: () => {
      const url = `blob:video-${urls.created.length + 1}`;
      urls.created.push(url);
      return url;
    },
    revokeObjectURL: (url) => void urls.revoked.push(url),
    createImageBitmap: () => Promise.reject(new Error('not used')),
  };
  const controller = createDetectController(store, { current: worker }, platform);
  const detach = controller.attach(view);
  return {
    store,
    worker,
    frames,
    video,
    painted,
    loops,
    urls,
    seeks,
    controller,
    detach,
    clears: () => clears,
    setProbe: (p: typeof probe) => (probe = p),
  };
}

const file = (name: string) => new File([new Uint8Array(8)], name, { type: 'video/webm' });
/** The live loop hands a frame to the controller, as requestVideoFrameCallback would. */
const present = (loop: { options: FrameLoopOptions }, n: number) => loop.options.onFrame(fakeFrame(n));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('detect controller, live video file', () => {
  it('sends frames in order, logs each result with its own frame number, paints the newest once per animation frame', async () => {
    const t = setup();
    await t.controller.setBatchSize(2);
    await t.controller.openVideoFile(file('walk.webm'));
    expect(t.store.getState().source).toMatchObject({ kind: 'file', name: 'walk.webm', fps: 10 });
    expect(t.worker.sent('stream').at(-1)).toEqual({ batchSize: 2, maxWaitMs: 300, maxQueue: 4 });
    expect(t.loops).toHaveLength(1);

    [3, 4, 5].forEach((n) => present(t.loops[0]!, n));
    expect(t.worker.pending.map((p) => p.frame.label)).toEqual(['frame 3', 'frame 4', 'frame 5']);
    t.worker.answer(2);
    await settle();
    t.frames.run();
    expect(t.painted.map((e) => e.frameNumber)).toEqual([4]);
    vi.advanceTimersByTime(250); // the log reaches the store a few times a second, not per frame
    expect(t.store.getState().frameLog.map((e) => [e.frameId, e.frameNumber, e.batchSize])).toEqual([
      [1, 3, 2],
      [2, 4, 2],
    ]);
    expect(t.store.getState().liveMetrics?.summary.frames).toBe(2);
  });

  it('a seek drops the results of frames from before it: not logged, not painted, overlay cleared', async () => {
    const t = setup();
    await t.controller.openVideoFile(file('walk.webm'));
    present(t.loops[0]!, 0);
    const clearsBefore = t.clears();
    t.video.dispatchEvent(new Event('seeking'));
    expect(t.clears()).toBe(clearsBefore + 1);
    t.worker.answer();
    await settle();
    t.frames.run();
    vi.advanceTimersByTime(250);
    expect(t.painted).toEqual([]);
    expect(t.store.getState().frameLog).toEqual([]);
  });

  it('a second file opened while the first is probed wins; the first URL is revoked', async () => {
    const t = setup();
    let releaseFirst: (fps: number) => void = () => {};
    t.setProbe(() => new Promise((resolve) => (releaseFirst = resolve)));
    const first = t.controller.openVideoFile(file('a.webm'));
    t.setProbe(() => Promise.resolve(25));
    await t.controller.openVideoFile(file('b.webm'));
    releaseFirst(10);
    await first;
    expect(t.store.getState().source).toMatchObject({ name: 'b.webm', fps: 25, url: 'blob:video-2' });
    expect(t.urls.revoked).toEqual(['blob:video-1']);
    expect(t.loops).toHaveLength(1);
  });

  it('dropped and no-session frames are skipped silently; an inference failure is shown', async () => {
    const t = setup();
    await t.controller.openVideoFile(file('walk.webm'));
    [0, 1].forEach((n) => present(t.loops[0]!, n));
    t.worker.fail(1, 'FRAME_DROPPED');
    t.worker.fail(2, 'NO_SESSION');
    await settle();
    expect(t.store.getState().error).toBeUndefined();
    present(t.loops[0]!, 2);
    t.worker.fail(3, 'INFERENCE_FAILED');
    await settle();
    expect(t.store.getState().error?.code).toBe('INFERENCE_FAILED');
  });

  it('counts frames dropped on the page and in the worker for this source only', async () => {
    const t = setup();
    await t.controller.openVideoFile(file('walk.webm'));
    [0, 1, 2, 3, 4].forEach((n) => present(t.loops[0]!, n)); // batch 1: 2 in flight, 1 waiting, 2 dropped
    t.worker.answer(1);
    await settle();
    t.worker.fail(2, 'FRAME_DROPPED'); // the worker's batcher pushed it out
    await settle();
    vi.advanceTimersByTime(250);
    // Every captured frame is accounted for: 1 result, 2 dropped on the page, 1 in the worker, 1 in flight.
    expect(t.store.getState()).toMatchObject({ framesCaptured: 5, framesCompleted: 1, droppedAtSource: 2, droppedInWorker: 1 });
    await t.controller.openVideoFile(file('next.webm'));
    expect(t.store.getState()).toMatchObject({ droppedAtSource: 0, droppedInWorker: 0, framesCaptured: 0, framesCompleted: 0 });
  });

  it('stop: the flush timer, the frame loop and the object URL go; late results are not shown', async () => {
    const t = setup();
    expect(vi.getTimerCount()).toBe(0); // nothing runs before a source does
    await t.controller.openVideoFile(file('walk.webm'));
    expect(vi.getTimerCount()).toBe(1);
    present(t.loops[0]!, 0);
    t.controller.stopSource();
    expect(vi.getTimerCount()).toBe(0);
    expect(t.loops[0]!.stop).toHaveBeenCalledOnce();
    expect(t.urls.revoked).toEqual(['blob:video-1']);
    expect(t.video.src).toBe('');
    expect(t.worker.sent('endStream')).toContainEqual({ discard: true });
    t.worker.answer();
    await settle();
    t.frames.run();
    expect(t.painted).toEqual([]);
    expect(t.store.getState().source).toBeUndefined();
  });

  it('detaching the view (unmount) and dispose leave nothing running', async () => {
    const t = setup();
    await t.controller.openVideoFile(file('walk.webm'));
    t.detach();
    expect(vi.getTimerCount()).toBe(0);
    expect(t.urls.revoked).toEqual(['blob:video-1']);
    t.controller.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('detect controller, every frame of a file', () => {
  it('analyses frames 0..19 at batch 4: 20 rows in order, none dropped, progress to the end, the table kept', async () => {
    const t = setup({ worker: new FakeWorker(4) });
    await t.controller.setBatchSize(4);
    t.controller.setPacing('every-frame');
    await t.controller.openVideoFile(file('walk.webm'));
    expect(t.loops).toHaveLength(0); // no live frames: the file waits for the run
    const run = t.controller.analyseEveryFrame({ first: 0, last: 19 });
    await vi.waitFor(() => expect(t.store.getState().everyFrame?.state).toBe('done'));
    await run;
    const state = t.store.getState();
    expect(state.everyFrame).toMatchObject({ fileName: 'walk.webm', total: 20, batchSize: 4 });
    expect(state.everyFrame!.rows.map((r) => r.frameNumber)).toEqual([...Array(20).keys()]);
    expect(state.everyFrame!.rows.every((r) => r.batchSize === 4)).toBe(true);
    expect(state.droppedAtSource + state.droppedInWorker).toBe(0);
    // Seeks to the middle of each frame's interval (10 fps).
    expect(t.seeks.map((s) => Math.round(s * 1000))).toEqual([...Array(20).keys()].map((n) => n * 100 + 50));
    expect(t.worker.sent('stream')).toContainEqual({ batchSize: 4, maxWaitMs: 10_000, maxQueue: 8 });
    expect(t.worker.maxPending).toBeLessThanOrEqual(8);
    expect(t.store.getState().error).toBeUndefined();
  });

  it('every n-th frame of the range', async () => {
    const t = setup({ worker: new FakeWorker(1) });
    t.controller.setEveryNth(5);
    await t.controller.openVideoFile(file('walk.webm'));
    await t.controller.analyseEveryFrame({ first: 0, last: 19 });
    expect(t.store.getState().everyFrame!.rows.map((r) => r.frameNumber)).toEqual([0, 5, 10, 15]);
    expect(t.store.getState().pacing).toBe('every-frame');
  });

  it('cancel: the run says so at once, stops capturing, and the worker discards its waiting frames', async () => {
    const t = setup();
    await t.controller.setBatchSize(2);
    t.controller.setPacing('every-frame');
    await t.controller.openVideoFile(file('walk.webm'));
    const run = t.controller.analyseEveryFrame();
    await vi.waitFor(() => expect(t.worker.pending).toHaveLength(4));
    t.controller.cancelEveryFrame();
    expect(t.store.getState().everyFrame?.state).toBe('cancelled');
    expect(t.worker.pending).toHaveLength(0); // discarded (SUPERSEDED) by the worker
    await run;
    expect(t.seeks).toHaveLength(4);
    expect(t.store.getState().error).toBeUndefined();
  });

  it('refuses a file whose frame rate is unknown, naming the file', async () => {
    const t = setup();
    t.setProbe(() => Promise.resolve(undefined));
    await t.controller.openVideoFile(file('odd.webm'));
    await t.controller.analyseEveryFrame();
    expect(t.store.getState().error?.message).toMatch(/frame rate of "odd.webm" could not be measured/);
  });

  it('switching back to live ends the run and starts the live loop', async () => {
    const t = setup();
    t.controller.setPacing('every-frame');
    await t.controller.openVideoFile(file('walk.webm'));
    void t.controller.analyseEveryFrame();
    await vi.waitFor(() => expect(t.worker.pending.length).toBeGreaterThan(0));
    t.controller.setPacing('live');
    expect(t.store.getState().everyFrame?.state).toBe('cancelled');
    expect(t.loops).toHaveLength(1);
    expect(t.worker.sent('stream').at(-1)).toMatchObject({ maxWaitMs: 150 });
    // The file plays again, muted, without the user pressing Play.
    expect(t.video.paused).toBe(false);
    expect(t.video.playedMuted).toEqual([true]);
  });
});

describe('detect controller, autoplay and loop', () => {
  it('a chosen file plays at once, muted, looping by default; the loop toggle applies to the open file', async () => {
    const t = setup();
    await t.controller.openVideoFile(file('walk.webm'));
    expect(t.video.paused).toBe(false);
    expect(t.video.playedMuted).toEqual([true]);
    expect(t.video.loop).toBe(true);
    expect(t.loops).toHaveLength(1);
    t.controller.setLoop(false);
    expect(t.video.loop).toBe(false);
    expect(t.store.getState().loopVideo).toBe(false);
    // The next file keeps the choice.
    await t.controller.openVideoFile(file('again.webm'));
    expect(t.video.loop).toBe(false);
  });

  it('every-frame pacing does not play the file: it waits for "Analyse"', async () => {
    const t = setup();
    t.controller.setPacing('every-frame');
    await t.controller.openVideoFile(file('walk.webm'));
    expect(t.video.playedMuted).toEqual([]);
    expect(t.video.paused).toBe(true);
  });

  it('a pause before playback began (play() rejected with AbortError) is no error', async () => {
    const t = setup();
    t.video.play = () => Promise.reject(Object.assign(new Error('interrupted by pause()'), { name: 'AbortError' }));
    await t.controller.openVideoFile(file('walk.webm'));
    await settle();
    expect(t.store.getState().error).toBeUndefined();
  });
});

describe('detect controller, DetectNet coverage and clustering', () => {
  const detectnet = () =>
    loadedModel('detectnet', 'wasm', {
      manifest: {
        ...manifestFor('detectnet', 'detectnet', [-1, 3, 512, 1024]),
        outputs: [
          { name: 'coverage', kind: 'coverage' },
          { name: 'bboxes', kind: 'bboxes' },
        ],
        cluster: DEFAULT_CLUSTER,
      },
    });

  it('asks for coverage grids only for a model with a coverage output while the heat map is on', async () => {
    const t = setup();
    t.store.setState({ loaded: detectnet() });
    await t.controller.openVideoFile(file('walk.webm'));
    expect(t.worker.sent('stream').at(-1)).toMatchObject({ coverage: true });
    await t.controller.setShowCoverage(false);
    expect(t.worker.sent('stream').at(-1)).not.toHaveProperty('coverage');
    await t.controller.setShowCoverage(true);
    expect(t.worker.sent('stream').at(-1)).toMatchObject({ coverage: true });
    // A YOLOX-style model has no coverage map: the worker is told so as soon as it is loaded.
    t.store.setState({ loaded: loadedModel('yolox', 'wasm', { manifest: manifestFor('yolox', 'yolox') }) });
    await settle();
    expect(t.worker.sent('stream').at(-1)).not.toHaveProperty('coverage');
  });

  it('new thresholds go to the worker and hold for the model they were set on; reset goes back to its own', async () => {
    const t = setup();
    const model = detectnet();
    t.store.setState({ loaded: model });
    const lower = { ...DEFAULT_CLUSTER, coverageThreshold: 0.05, rectThreshold: 0 };
    await t.controller.setCluster(lower);
    expect(t.worker.sent('cluster')).toEqual([{ params: lower }]);
    expect(clusterParamsOf(t.store.getState())).toEqual(lower);
    await t.controller.setCluster(undefined);
    expect(t.worker.sent('cluster').at(-1)).toEqual({});
    expect(clusterParamsOf(t.store.getState())).toEqual(DEFAULT_CLUSTER);
    await t.controller.setCluster(lower);
    // The model loaded again (or another one): the worker starts from the manifest, so does the page.
    t.store.setState({ loaded: detectnet() });
    expect(clusterParamsOf(t.store.getState())).toEqual(DEFAULT_CLUSTER);
  });
});
