import { ImportProgress } from '../features/ModelLibrary/ImportProgress';
import { LibraryList } from '../features/ModelLibrary/LibraryList';
import { ModelLibraryPanel } from '../features/ModelLibrary/ModelLibraryPanel';
import { TrainedWeights } from '../features/ModelLibrary/TrainedWeights';
import { ViewIntro } from '../layout/ViewIntro';

export function ModelsView() {
  return (
    <>
      <ViewIntro>
        Models: the models kept in this browser, trained weights for the built-in ones, and your own models: a DIGITS/Caffe job is converted
        to ONNX here (the TensorRT &quot;build phase&quot; of the lab), an ONNX file is read and configured. Each then appears in the model
        list above.
      </ViewIntro>
      <ImportProgress />
      <LibraryList />
      <TrainedWeights />
      <ModelLibraryPanel />
    </>
  );
}
