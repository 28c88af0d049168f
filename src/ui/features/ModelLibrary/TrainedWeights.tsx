import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';

/** One-click trained GoogLeNet; the URLs are settings because only servers that send CORS headers can be fetched. */
export function TrainedWeights() {
  const library = useLibraryController();
  const downloads = useAppStore((s) => s.downloads);
  const busy = useAppStore((s) => s.importProgress !== undefined);
  return (
    <section className="panel trained" id="trained-weights" aria-labelledby="trained-title">
      <h2 id="trained-title">Trained weights</h2>
      <p className="hint">
        The built-in models have synthetic weights (real timing, meaningless output). These downloads replace them with trained ones, kept
        in this browser. A browser can only download from servers that send CORS headers: if one refuses, point the URL at a copy that does
        (Hugging Face file links do) and keep the checksum.
      </p>
      <div className="trained-source">
        <h3>BVLC GoogLeNet (Caffe Model Zoo)</h3>
        <label className="field">
          caffemodel URL
          <input data-testid="caffe-url" value={downloads.caffeUrl} onChange={(e) => library.setDownloads({ caffeUrl: e.target.value })} />
        </label>
        <label className="field">
          expected sha1
          <input
            data-testid="caffe-sha1"
            value={downloads.caffeSha1}
            spellCheck={false}
            onChange={(e) => library.setDownloads({ caffeSha1: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="download-googlenet"
          disabled={busy}
          onClick={() => void library.downloadTrainedGoogLeNet()}
        >
          Load trained GoogLeNet (53 MB)
        </button>
      </div>
      <div className="trained-source">
        <h3>GoogLeNet (ONNX Model Zoo)</h3>
        <label className="field">
          ONNX file URL
          <input
            data-testid="onnx-zoo-url"
            value={downloads.onnxZooUrl}
            onChange={(e) => library.setDownloads({ onnxZooUrl: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="download-onnx-zoo"
          disabled={busy}
          onClick={() => void library.downloadOnnxZooGoogLeNet()}
        >
          Load ONNX Model Zoo GoogLeNet
        </button>
      </div>
    </section>
  );
}
