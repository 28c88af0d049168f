import * as ort from 'onnxruntime-web';
import { convertCaffeToOnnx } from '../src/caffe/convert';
import { readCaffeModel } from '../src/caffe/caffemodel';
import { deployLayers } from '../src/caffe/netSpec';
import { parsePrototxt } from '../src/caffe/prototxt';
import { caffeForward } from '../src/caffe/testing/caffeReference';
import { MINI_NET, MINI_INPUT_SHAPE, miniCaffeModel } from '../src/caffe/testing/miniNet';
import { fillGaussian, mulberry32 } from '../src/onnx/seededRandom';
const bytes = miniCaffeModel(5);
const conv = convertCaffeToOnnx({ prototxt: MINI_NET, caffemodel: bytes, name: 'mini' });
console.log(conv.summary.outputs, conv.summary.layers.map(l => `${l.name}:${l.onnx.join('+')}`).join(' '));
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(conv.model, { executionProviders: ['wasm'] });
const x = fillGaussian(new Float32Array(2*4*10*11), mulberry32(9), 1);
const out = await session.run({ data: new ort.Tensor('float32', x, [...MINI_INPUT_SHAPE]) });
const ref = caffeForward(deployLayers(parsePrototxt(MINI_NET)), new Map([['data', { shape: [...MINI_INPUT_SHAPE], data: Float64Array.from(x) }]]), readCaffeModel(bytes));
for (const name of session.outputNames) {
  const a = out[name]!.data as Float32Array; const r = ref.get(name)!;
  let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - r.data[i]!));
  console.log(name, out[name]!.dims, r.shape, 'maxdiff', m, 'maxabs', Math.max(...r.data.map(Math.abs)));
}
