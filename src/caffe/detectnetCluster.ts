// DetectNet's Python `cluster` layer (DIGITS' caffe.layers.detectnet.clustering.ClusterDetections):
// not an ONNX node but parameters for the app's own clustering. Found and checked here (any other
// Python layer is refused), fitted to the converted input size, and written back as param_str.
import type { Dim, TensorRef } from '../onnx/builder';
import { parseClusterParamStr } from '../pipeline/postprocess/detectnet';
import type { ParsedClusterParams } from '../pipeline/postprocess/detectnet';
import { unsupportedLayer } from './caffeLayers';
import { layerError } from './layerContext';
import type { CaffeLayer } from './netSpec';

/** DetectNet's `cluster` layer (python_param module caffe.layers.detectnet.clustering, layer ClusterDetections). */
export interface DetectNetClusterConfig {
  readonly layer: string;
  readonly paramStr: string;
  /** param_str as written. */
  readonly params: ParsedClusterParams;
  /**
   * The same with image_size_x/y set to the converted input's W/H. DIGITS writes the deploy
   * input size into param_str; when the input is resized (inputSize), clustering must follow
   * it or the grid is wrong. This is what the app should cluster with.
   */
  readonly forInput: ParsedClusterParams;
  /** ONNX output names of the layer's bottoms. */
  readonly coverage: string;
  readonly bboxes: string;
}

const CLUSTER_MODULE = 'caffe.layers.detectnet.clustering';
const CLUSTER_CLASS = 'ClusterDetections';

export interface ClusterLayer {
  readonly layer: CaffeLayer;
  readonly paramStr: string;
  readonly params: ParsedClusterParams;
}

/** The only Python layer we convert is DetectNet's clustering; anything else is named and refused. */
export function clusterLayer(layers: readonly CaffeLayer[]): ClusterLayer | undefined {
  const python = layers.filter((l) => l.type === 'Python');
  let found: ClusterLayer | undefined;
  for (const layer of python) {
    const p = layer.spec.message('python_param');
    const module = p?.string('module') ?? '';
    const cls = p?.string('layer') ?? '';
    if (module !== CLUSTER_MODULE || cls !== CLUSTER_CLASS) throw unsupportedLayer(layer, ` (Python ${module}.${cls})`);
    if (found) throw layerError(layer, `only one ${CLUSTER_CLASS} layer is supported; '${found.layer.name}' is another`);
    if (layer.bottoms.length !== 2) throw layerError(layer, `needs two bottoms (coverage, bboxes), has ${layer.bottoms.length}`);
    const paramStr = p?.string('param_str') ?? '';
    try {
      found = { layer, paramStr, params: parseClusterParamStr(paramStr) };
    } catch (error) {
      throw layerError(layer, error instanceof Error ? error.message : String(error));
    }
  }
  return found;
}

export function detectionConfig(
  cluster: ClusterLayer,
  inputs: readonly { readonly dims: readonly Dim[] }[],
  tensors: ReadonlyMap<string, TensorRef>,
): DetectNetClusterConfig {
  const [coverage, bboxes] = cluster.layer.bottoms.map((b) => (tensors.get(b) as TensorRef).name) as [string, string];
  const image = inputs.find((i) => i.dims.length === 4);
  const height = image?.dims[2];
  const width = image?.dims[3];
  const forInput =
    typeof height === 'number' && typeof width === 'number'
      ? { ...cluster.params, imageWidth: width, imageHeight: height }
      : cluster.params;
  return { layer: cluster.layer.name, paramStr: cluster.paramStr, params: cluster.params, forInput, coverage, bboxes };
}

/** The param_str DIGITS would have written for these parameters. */
export function paramStrOf(p: ParsedClusterParams): string {
  return [
    p.imageWidth,
    p.imageHeight,
    p.stride,
    p.coverageThreshold,
    p.rectThreshold,
    p.rectEps,
    p.minHeight,
    p.numClasses,
    p.maxBoxes,
  ].join(', ');
}
