import { useState } from 'react';
import { useController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import type { LoadedModel } from '../../../domain/model';
import type { YoloxConfig } from '../../../domain/manifest';
import { parseYoloxFields, yoloxFieldTexts } from '../../../models/yoloxParams';
import { YoloxFields } from './YoloxFields';

/** Live YOLOX postprocessing for the loaded model: each valid change applies to the next frames, no reload. */
export function YoloxControls() {
  const loaded = useAppStore((s) => (s.loaded?.manifest.task === 'yolox' && s.loaded.manifest.yolox ? s.loaded : undefined));
  const live = useAppStore((s) => (s.yoloxLive && s.yoloxLive.model === s.loaded ? s.yoloxLive.yolox : undefined));
  if (!loaded) return null;
  // Keyed by the loaded model: a new load starts from its own manifest (or what was sent to it before this view was left).
  return <YoloxControlsFor key={loadKey(loaded)} loaded={loaded} initial={live ?? loaded.manifest.yolox!} />;
}

const keys = new WeakMap<LoadedModel, number>();
let nextKey = 0;
const loadKey = (model: LoadedModel): number => {
  if (!keys.has(model)) keys.set(model, nextKey++);
  return keys.get(model)!;
};

function YoloxControlsFor({ loaded, initial }: { loaded: LoadedModel; initial: YoloxConfig }) {
  const app = useController();
  const [texts, setTexts] = useState(() => yoloxFieldTexts(initial));
  const numClasses = initial.numClasses;
  return (
    <fieldset className="yolox-controls" data-testid="yolox-controls">
      <legend>YOLOX postprocessing · {loaded.manifest.name}</legend>
      <YoloxFields
        idPrefix="detect-yolox"
        texts={texts}
        numClasses={numClasses}
        onChange={(next) => {
          setTexts(next);
          const { params } = parseYoloxFields(next, numClasses);
          if (params) void app.tuneYolox(params);
        }}
      />
      <p className="field-help">Applies to the next frames; a paused video shows it after its next seek.</p>
    </fieldset>
  );
}
