import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { YOLOX_NANO_FILE } from '../../../models/yoloxNano';
import { InlineError } from '../Status/InlineError';

const SHA256 = /^[0-9a-f]{64}$/i;

/** One-click trained GoogLeNet and YOLOX-Nano; the URLs are settings because only servers that send CORS headers can be fetched. */
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
        <h3>YOLOX-Nano (COCO, people kept; Detect)</h3>
        <p className="hint">
          {YOLOX_NANO_FILE.name} ({YOLOX_NANO_FILE.megabytes} MB), the YOLOX project's trained nano model in ONNX, from a Hugging Face copy.
          A file whose sha256 differs from the one below is refused and nothing is saved.
        </p>
        <label className="field">
          ONNX file URL
          <input data-testid="yolox-url" value={downloads.yoloxUrl} onChange={(e) => library.setDownloads({ yoloxUrl: e.target.value })} />
        </label>
        <div className="field">
          <label htmlFor="yolox-sha256">expected sha256</label>
          <input
            id="yolox-sha256"
            data-testid="yolox-sha256"
            value={downloads.yoloxSha256}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={!SHA256.test(downloads.yoloxSha256.trim())}
            aria-describedby="yolox-sha256-message"
            onChange={(e) => library.setDownloads({ yoloxSha256: e.target.value })}
          />
          {SHA256.test(downloads.yoloxSha256.trim()) ? (
            <p id="yolox-sha256-message" className="field-help">
              the SHA-256 of the file, 64 hexadecimal digits
            </p>
          ) : (
            <p id="yolox-sha256-message" className="field-error" data-testid="yolox-sha256-error">
              '{downloads.yoloxSha256}' is not a sha256: it must be 64 hexadecimal digits
            </p>
          )}
        </div>
        <button
          type="button"
          className="primary"
          data-testid="download-yolox"
          disabled={busy || !SHA256.test(downloads.yoloxSha256.trim())}
          onClick={() => void library.downloadYoloxNano()}
        >
          Load trained YOLOX-Nano ({YOLOX_NANO_FILE.megabytes} MB)
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
      <InlineError origin="downloads" />
    </section>
  );
}
