import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';

/** One-click trained GoogLeNet; the URLs are settings because only servers that send CORS headers can be fetched. */
export function TrainedWeights() {
  const library = useLibraryController();
  const downloads = useAppStore((s) => s.downloads);
  const busy = useAppStore((s) => s.importProgress !== undefined);
  return (
    <div className="trained">
      <h3>Trained weights</h3>
      <label>
        BVLC GoogLeNet caffemodel URL
        <input data-testid="caffe-url" value={downloads.caffeUrl} onChange={(e) => library.setDownloads({ caffeUrl: e.target.value })} />
      </label>
      <label>
        Expected sha1
        <input data-testid="caffe-sha1" value={downloads.caffeSha1} onChange={(e) => library.setDownloads({ caffeSha1: e.target.value })} />
      </label>
      <button type="button" data-testid="download-googlenet" disabled={busy} onClick={() => void library.downloadTrainedGoogLeNet()}>
        Load trained GoogLeNet (53 MB)
      </button>
      <label>
        ONNX Model Zoo GoogLeNet URL
        <input
          data-testid="onnx-zoo-url"
          value={downloads.onnxZooUrl}
          onChange={(e) => library.setDownloads({ onnxZooUrl: e.target.value })}
        />
      </label>
      <button type="button" data-testid="download-onnx-zoo" disabled={busy} onClick={() => void library.downloadOnnxZooGoogLeNet()}>
        Load ONNX Model Zoo GoogLeNet
      </button>
    </div>
  );
}
