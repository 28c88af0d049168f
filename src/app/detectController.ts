// Over 300 lines on purpose: every action here reads and writes the same source state (the view,
// the frame loop, the supersession tokens, the run); the parts that need no such state live apart
// (pipeline/pacing, frameStream, everyFrameRun, detectLog, detectImages, detectPlatform).
import { epochNow } from '../domain/clock';
import { AppError, toErrorPayload } from '../domain/errors';
import { everyFrameInFlight, everyFramePlanOf, seekTimeOf, streamConfigFor, type Pacing } from '../pipeline/pacing';
import { hasCoverageOutput } from '../pipeline/postprocess/coverageMap';
import type { ClusterConfig } from '../domain/manifest';
import { frameAtPosition, frameNumberAt } from '../sources/frameRate';
import { createDetectLog, type SourceCounts } from './detectLog';
import { detectImages } from './detectImages';
import { BROWSER_PLATFORM, whenMetadata, type DetectView } from './detectPlatform';
import type { EveryFrameRun } from './everyFrameRun';
import { createFrameStream, type FrameWorker } from './frameStream';
import { errorFrom, type AppStore } from './store';

const FALLBACK_FPS = 30;

/**
 * Video file and webcam through the batching worker, boxes drawn over the very frames they came
 * from. A file is paced live (real time, dropping) or every frame (seeked frame by frame, none
 * dropped); the webcam is always live.
 */
export function createDetectController(store: AppStore, worker: { readonly current: FrameWorker }, platform = BROWSER_PLATFORM) {
  let view: DetectView | undefined;
  let stopLoop: (() => void) | undefined;
  let webcam: MediaStream | undefined;
  // Bumped by every start and stop of a source, so an open that awaited (probe, permission) knows it was superseded.
  let sourceToken = 0;
  // Bumped by every start and cancel of an every-frame run, for the same reason.
  let runToken = 0;
  let everyFrameRun: EveryFrameRun | undefined;
  // The stream's counters grow for the page's lifetime; a source shows its own, from these baselines.
  let countsBefore: SourceCounts = { captured: 0, completed: 0, droppedAtSource: 0, droppedInWorker: 0 };
  const log = createDetectLog(store, () => sourceCounts());

  const reportError = (error: unknown) => store.setState({ error: errorFrom(error, 'detect') });

  const stream = createFrameStream({
    worker: () => worker.current,
    batchSize: () => store.getState().batchSize,
    nextAnimationFrame: platform.nextAnimationFrame,
    draw: (frame) => view?.paint(frame),
    onResult: (frame) => log.add(frame, stream.analysing),
    onError: reportError,
  });

  /** Every frame the source captured is a result, a drop on the page (window, seek, skipped) or a drop in the worker. */
  function streamCounts(): SourceCounts {
    const c = stream.counters;
    return {
      captured: c.captured,
      completed: c.completed,
      droppedAtSource: c.droppedAtPage + c.cleared + c.failed - c.droppedInWorker,
      droppedInWorker: c.droppedInWorker,
    };
  }

  function sourceCounts(): SourceCounts {
    const now = streamCounts();
    return {
      captured: now.captured - countsBefore.captured,
      completed: now.completed - countsBefore.completed,
      droppedAtSource: now.droppedAtSource - countsBefore.droppedAtSource,
      droppedInWorker: now.droppedInWorker - countsBefore.droppedInWorker,
    };
  }

  function resetDrops(): void {
    countsBefore = streamCounts();
  }

  // Live frames reach the batcher at the source's rate times the playback rate; the wait for a full batch follows it.
  const liveFps = () => (store.getState().source?.fps ?? FALLBACK_FPS) * (view?.video.playbackRate || 1);

  // The coverage grid is copied and sent with each result only while the view draws it.
  const wantsCoverage = (): boolean => {
    const { showCoverage, loaded } = store.getState();
    return showCoverage && loaded !== undefined && hasCoverageOutput(loaded.manifest);
  };

  async function sendStreamConfig(): Promise<void> {
    // An every-frame run keeps its own settings until it ends; a new batch size applies to the next run.
    if (everyFrameRun) return;
    try {
      await worker.current.request('stream', streamConfigFor('live', store.getState().batchSize, liveFps(), { coverage: wantsCoverage() }));
    } catch (error) {
      reportError(error);
    }
  }

  // Another model (or the same one loaded again) decides whether coverage grids are wanted: say so to the worker.
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.loaded !== previous.loaded && state.source) void sendStreamConfig();
  });

  function resetTimeline(): void {
    stream.reset();
    log.clearMetrics();
    view?.clear();
  }

  function cancelEveryFrame(): void {
    runToken++;
    const run = everyFrameRun;
    everyFrameRun = undefined;
    run?.cancel();
    store.setState((s) =>
      s.everyFrame?.state === 'running' ? { everyFrame: { ...s.everyFrame, state: 'cancelled', finishedAt: epochNow() } } : {},
    );
  }

  /**
   * Starts a file playing without a click: browsers allow autoplay of muted media only, so muted is
   * set first. A pause or a new source before playback began rejects play() (AbortError), and a file
   * that cannot be decoded rejects it too, reported by the video's 'error' event: neither is shown.
   */
  function playMuted(video: HTMLVideoElement, token: number): void {
    video.muted = true;
    video.play().catch((error: unknown) => {
      const name = (error as { name?: string } | null)?.name;
      if (token !== sourceToken || name === 'AbortError' || name === 'NotSupportedError') return;
      reportError(new AppError('BAD_REQUEST', `the video did not start by itself (${(error as Error).message}): press Play`));
    });
  }

  function startLiveLoop(): void {
    const source = store.getState().source;
    if (!view || !source) return;
    const fps = source.fps ?? FALLBACK_FPS;
    stopLoop?.();
    stopLoop = platform.startFrameLoop(view.video, {
      everyNth: () => store.getState().everyNth,
      frameNumber: source.kind === 'webcam' ? (m) => m.presentedFrames : (m) => frameNumberAt(m.mediaTime, fps),
      ...(source.kind === 'file' ? { frameAtPosition: (seconds: number) => frameAtPosition(seconds, fps) } : {}),
      onFrame: (frame) => stream.offer(frame),
      onError: reportError,
    });
  }

  function stopSource(): void {
    sourceToken++;
    cancelEveryFrame();
    stopLoop?.();
    stopLoop = undefined;
    if (webcam) platform.closeWebcam(webcam);
    webcam = undefined;
    const source = store.getState().source;
    if (source?.url) platform.revokeObjectURL(source.url);
    if (view) {
      view.video.pause();
      view.video.srcObject = null;
      view.video.removeAttribute('src');
      view.video.load();
    }
    // Nothing of the old source is drawn, and the worker drops what still waits for a batch.
    stream.stop();
    view?.clear();
    log.clearMetrics();
    resetDrops();
    log.stop();
    store.setState({
      source: undefined,
      droppedAtSource: 0,
      droppedInWorker: 0,
      framesCaptured: 0,
      framesCompleted: 0,
      liveMetrics: undefined,
    });
  }

  /** Every n-th frame of the open file from `first` to `last`, each analysed once, in order, none dropped. */
  async function analyseEveryFrame(range: { first?: number; last?: number } = {}): Promise<void> {
    const { source, batchSize, everyNth } = store.getState();
    if (!view || source?.kind !== 'file')
      return reportError(new AppError('BAD_REQUEST', 'open a video file first: Every frame analyses a file'));
    const video = view.video;
    cancelEveryFrame();
    const mine = ++runToken;
    const myToken = sourceToken;
    const superseded = () => mine !== runToken || myToken !== sourceToken;
    store.setState({ error: undefined, pacing: 'every-frame' });
    let frames: number[];
    try {
      await whenMetadata(video);
      if (superseded()) return;
      frames = everyFramePlanOf({ ...source, durationSeconds: video.duration }, { ...range, everyNth });
    } catch (error) {
      return reportError(error);
    }
    const fps = source.fps!; // everyFramePlanOf refused a file without one
    // The file waits for inference now: no live frames, nothing of the previous timeline.
    stopLoop?.();
    stopLoop = undefined;
    video.pause();
    resetTimeline();
    resetDrops();
    log.start();
    store.setState({
      frameLog: [],
      everyFrame: { state: 'running', fileName: source.name, total: frames.length, batchSize, startedAt: epochNow(), rows: [] },
    });
    const finish = (state: 'done' | 'cancelled' | 'failed', error?: unknown) => {
      log.flush();
      store.setState((s) => ({
        everyFrame: s.everyFrame && { ...s.everyFrame, state, finishedAt: epochNow() },
        error: error ? toErrorPayload(error) : s.error,
      }));
    };
    try {
      await worker.current.request('stream', streamConfigFor('every-frame', batchSize, fps, { coverage: wantsCoverage() }));
    } catch (error) {
      if (mine === runToken) finish('failed', error);
      return;
    }
    if (superseded()) return;
    everyFrameRun = stream.analyseEveryFrame({
      frames,
      maxInFlight: everyFrameInFlight(batchSize),
      capture: (frame, signal) => platform.seekAndCapture(video, frame, seekTimeOf(frame, fps, video.duration), fps, signal),
    });
    const outcome = await everyFrameRun.done;
    if (mine !== runToken) return; // cancelled, or superseded by another run or source: they wrote the state
    everyFrameRun = undefined;
    finish(outcome.state, outcome.error);
  }

  return {
    attach(target: DetectView): () => void {
      view = target;
      const video = target.video;
      target.clear();
      // A seek of the user starts a new timeline; the seeks of an every-frame run are its own.
      const onSeeking = () => {
        if (!stream.analysing) resetTimeline();
      };
      const onError = () => {
        const source = store.getState().source;
        if (source?.kind !== 'file') return;
        const media = video.error;
        stopSource();
        reportError(
          new AppError(
            'VIDEO_DECODE_FAILED',
            `"${source.name}" cannot be played: the browser could not decode it (${media?.message || `media error ${media?.code ?? '?'}`})`,
          ),
        );
      };
      const onRateChange = () => void sendStreamConfig();
      video.addEventListener('seeking', onSeeking);
      video.addEventListener('error', onError);
      video.addEventListener('ratechange', onRateChange);
      return () => {
        stopSource();
        video.removeEventListener('seeking', onSeeking);
        video.removeEventListener('error', onError);
        video.removeEventListener('ratechange', onRateChange);
        view = undefined;
      };
    },

    async openVideoFile(file: File): Promise<void> {
      if (!view) return;
      stopSource();
      const mine = sourceToken;
      store.setState({ error: undefined, frameLog: [], everyFrame: undefined });
      const url = platform.createObjectURL(file);
      const fps = await platform.probeFrameRate(url);
      // Another file, the webcam or an unmount came first while the frame rate was probed.
      if (mine !== sourceToken || !view) {
        platform.revokeObjectURL(url);
        return;
      }
      store.setState({ source: { kind: 'file', name: file.name, url, fps } });
      log.start();
      await sendStreamConfig();
      if (mine !== sourceToken || !view) return;
      const video = view.video;
      video.srcObject = null;
      video.loop = store.getState().loopVideo;
      video.src = url;
      // Every frame waits for the user's "Analyse": the file is only shown until then.
      if (store.getState().pacing !== 'live') return;
      startLiveLoop();
      // Live, the file plays at once: a chosen video is one to watch through the detector.
      playMuted(video, mine);
    },

    async startWebcam(): Promise<void> {
      if (!view) return;
      stopSource();
      const mine = sourceToken;
      store.setState({ error: undefined, frameLog: [], everyFrame: undefined });
      let camera: MediaStream;
      try {
        camera = await platform.openWebcam();
      } catch (error) {
        if (mine === sourceToken) reportError(error);
        return;
      }
      // A second click, a file or an unmount came first while permission was asked: give the camera back.
      if (mine !== sourceToken || !view) {
        platform.closeWebcam(camera);
        return;
      }
      webcam = camera;
      const track = camera.getVideoTracks()[0];
      store.setState({ source: { kind: 'webcam', name: track?.label || 'webcam', fps: track?.getSettings().frameRate } });
      log.start();
      await sendStreamConfig();
      if (mine !== sourceToken || !view) return;
      view.video.srcObject = camera;
      // A camera cannot wait for inference: it is always live.
      startLiveLoop();
      await view.video.play().catch(reportError);
    },

    stopSource,

    setPacing(pacing: Pacing): void {
      if (store.getState().pacing === pacing) return;
      store.setState({ pacing });
      if (store.getState().source?.kind !== 'file' || !view) return;
      if (pacing === 'every-frame') {
        stopLoop?.();
        stopLoop = undefined;
        view.video.pause();
        resetTimeline();
      } else {
        cancelEveryFrame();
        resetTimeline();
        startLiveLoop();
        void sendStreamConfig();
        // Back to Live, the open file plays again, as a file chosen in Live does.
        playMuted(view.video, sourceToken);
      }
    },

    analyseEveryFrame,

    cancelEveryFrame,

    setBatchSize(batchSize: number): Promise<void> {
      store.setState({ batchSize });
      return sendStreamConfig();
    },

    /** Whether a video file starts over at its end; applies to the open file at once. */
    setLoop(loop: boolean): void {
      store.setState({ loopVideo: loop });
      if (view) view.video.loop = loop;
    },

    /** Draw DetectNet's coverage map over the frames (the grid only travels from the worker while it is drawn). */
    setShowCoverage(show: boolean): Promise<void> {
      store.setState({ showCoverage: show });
      return sendStreamConfig();
    },

    /**
     * DetectNet's clustering thresholds for the next frames, without reloading the model (undefined:
     * back to the manifest's). The worker clusters, as it holds the bbox grid; see DetectStream.setCluster.
     */
    async setCluster(params: ClusterConfig | undefined): Promise<void> {
      const model = store.getState().loaded;
      if (!model) return;
      try {
        await worker.current.request('cluster', params ? { params } : {});
      } catch (error) {
        return reportError(error);
      }
      // Another model came while the worker answered: its own values stand.
      if (store.getState().loaded !== model) return;
      store.setState({ clusterOverride: params ? { model, params } : undefined });
    },

    setEveryNth(everyNth: number): void {
      store.setState({ everyNth: Math.max(1, Math.round(everyNth)) });
    },

    /** DIGITS' "Test Many" for a detector: still images through the same batcher, a box count per image. */
    async detectImages(files: File[]): Promise<void> {
      try {
        await detectImages(store, worker.current, platform, files);
      } finally {
        await sendStreamConfig(); // back to the live source's settings
      }
    },

    /** Stops the source, its run and the flush timer: nothing of the controller keeps running. */
    dispose(): void {
      unsubscribe();
      stopSource();
      view = undefined;
    },
  };
}

export type DetectController = ReturnType<typeof createDetectController>;
