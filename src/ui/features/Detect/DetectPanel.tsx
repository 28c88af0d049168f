import { useCallback, useEffect, useRef, useState } from 'react';
import { useDetectController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { ClassifyManyTable } from '../Classify/ClassifyManyTable';
import { ClusterControls } from './ClusterControls';
import { CoverageToggle } from './CoverageToggle';
import { DropZone } from '../Classify/DropZone';
import { EveryFrameResults } from './EveryFrameResults';
import { TrainedWeightsCallout } from '../FirstRun/TrainedWeightsCallout';
import { FrameLog } from './FrameLog';
import { LiveMetrics } from './LiveMetrics';
import { overlayView } from './overlayView';
import { PacingControls } from './PacingControls';
import { SourceMetrics } from './SourceMetrics';
import { VideoControls } from './VideoControls';
import { YoloxControls } from './YoloxControls';
import { DEFAULT_BATCH_SIZES } from '../../../measure/sweep/batchList';
import { InlineError } from '../Status/InlineError';

export function DetectPanel() {
  const detect = useDetectController();
  const videoRef = useRef<HTMLVideoElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const source = useAppStore((s) => s.source);
  const batchSize = useAppStore((s) => s.batchSize);
  const everyNth = useAppStore((s) => s.everyNth);
  const synthetic = useAppStore((s) => s.loaded?.manifest.weights === 'synthetic');
  // While every frame of the file is analysed, the run owns the video and the batch size.
  const analysing = useAppStore((s) => s.everyFrame?.state === 'running');

  useEffect(() => {
    if (!videoRef.current || !overlayRef.current) return;
    setVideo(videoRef.current);
    return detect.attach(overlayView(videoRef.current, overlayRef.current));
  }, [detect]);

  const onFile = useCallback((file: File) => void detect.openVideoFile(file), [detect]);
  const onImages = useCallback((files: File[]) => void detect.detectImages(files), [detect]);

  return (
    <section className="panel detect">
      <h2>Detect in video {synthetic ? <span className="synthetic">synthetic weights: timing only</span> : null}</h2>
      <div className="detect-inputs">
        <DropZone accept="video/*" testId="video-input" label="Video to run through the detector" onFile={onFile} />
        <div className="detect-settings">
          <button
            type="button"
            data-testid="webcam-toggle"
            aria-pressed={source?.kind === 'webcam'}
            onClick={() => (source?.kind === 'webcam' ? detect.stopSource() : void detect.startWebcam())}
          >
            {source?.kind === 'webcam' ? 'Stop webcam' : 'Start webcam'}
          </button>
          <label>
            Batch size
            <select
              data-testid="batch-size"
              value={batchSize}
              disabled={analysing}
              onChange={(e) => void detect.setBatchSize(Number(e.target.value))}
            >
              {DEFAULT_BATCH_SIZES.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
          <label>
            Every n-th frame
            <input
              type="number"
              data-testid="every-nth"
              min={1}
              max={30}
              value={everyNth}
              disabled={analysing}
              onChange={(e) => detect.setEveryNth(Number(e.target.value))}
            />
          </label>
          <PacingControls />
        </div>
      </div>
      <div className="stage" data-source={source?.kind ?? 'none'}>
        <video ref={videoRef} data-testid="video" muted playsInline />
        <canvas ref={overlayRef} className="overlay" data-testid="overlay" data-detections="[]" />
        {!source ? <p className="stage-empty">Choose a video or start the webcam.</p> : null}
      </div>
      {source?.kind === 'file' ? <VideoControls video={video} fps={source.fps} disabled={analysing} /> : null}
      <InlineError origin="detect" />
      <TrainedWeightsCallout />
      <YoloxControls />
      <div className="detect-postprocess">
        <CoverageToggle />
        <ClusterControls />
      </div>
      <SourceMetrics />
      <EveryFrameResults />
      <LiveMetrics />
      <FrameLog />
      <h3>Test many images</h3>
      <DropZone
        accept="image/*"
        testId="detect-images"
        label="Images to run through the detector (a box count per image)"
        onFile={(f) => onImages([f])}
        onFiles={onImages}
      />
      <ClassifyManyTable />
    </section>
  );
}
