import { useAppStore } from '../../app/store';
import { ClassifyManyPanel } from '../features/Classify/ClassifyManyPanel';
import { ClassifyPanel } from '../features/Classify/ClassifyPanel';
import { WrongTaskHint } from '../features/FirstRun/WrongTaskHint';
import { ViewIntro } from '../layout/ViewIntro';

export function ClassifyView() {
  const isDetector = useAppStore(
    (s) => (s.models.find((m) => m.id === s.modelId)?.task ?? s.loaded?.manifest.task ?? 'classification') !== 'classification',
  );
  return (
    <>
      <ViewIntro>
        Classify: give the loaded classifier an image (drop, choose, paste or a URL) and see its five most likely ImageNet classes, with the
        time each stage took in the browser; or give it many images for a table of top-1 classes at the batch size you pick.
      </ViewIntro>
      {isDetector ? (
        <WrongTaskHint needs="classifier" />
      ) : (
        <>
          <ClassifyPanel />
          <ClassifyManyPanel />
        </>
      )}
    </>
  );
}
