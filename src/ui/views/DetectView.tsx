import { useAppStore } from '../../app/store';
import { DetectPanel } from '../features/Detect/DetectPanel';
import { WrongTaskHint } from '../features/FirstRun/WrongTaskHint';
import { ViewIntro } from '../layout/ViewIntro';

export function DetectView() {
  const isDetector = useAppStore(
    (s) => (s.models.find((m) => m.id === s.modelId)?.task ?? s.loaded?.manifest.task ?? 'classification') !== 'classification',
  );
  return (
    <>
      <ViewIntro>
        Detect: play a video or start the webcam and the loaded detector draws its boxes over the very frame they were computed on, with
        live latency and throughput; change the batch size while it plays. Or run still images for a box count per image.
      </ViewIntro>
      {isDetector ? <DetectPanel /> : <WrongTaskHint needs="detector" />}
    </>
  );
}
