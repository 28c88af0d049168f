import { describe, expect, it } from 'vitest';
import { kernelTimesFromTrace } from './profile';

describe('kernelTimesFromTrace', () => {
  it('sums each node over runs, largest first, and ignores fences and session events', () => {
    const lines = [
      '[',
      '{"cat" : "Session","pid" :1,"tid" :1,"dur" :30779,"ts" :13,"ph" : "X","name" :"model_loading_uri","args" : {}},',
      '{"cat" : "Node","pid" :1,"tid" :1,"dur" :1,"ts" :96802,"ph" : "X","name" :"conv1/7x7_s2_fence_before","args" : {"op_name" : "Conv"}},',
      '{"cat" : "Node","pid" :1,"tid" :1,"dur" :12944,"ts" :96807,"ph" : "X","name" :"conv1/7x7_s2_kernel_time","args" : {"op_name" : "Conv","provider" : "CPUExecutionProvider"}},',
      '{"cat" : "Node","pid" :1,"tid" :1,"dur" :500,"ts" :109763,"ph" : "X","name" :"pool1/3x3_s2_kernel_time","args" : {"op_name" : "MaxPool","provider" : "CPUExecutionProvider","input_type_shape" : [{"float":[1,64,112,112]}]}},',
      '{"cat" : "Node","pid" :1,"tid" :1,"dur" :13056,"ts" :200000,"ph" : "X","name" :"conv1/7x7_s2_kernel_time","args" : {"op_name" : "Conv","provider" : "CPUExecutionProvider"}},',
      ']',
    ];
    expect(kernelTimesFromTrace(lines)).toEqual({
      clock: 'cpu',
      kernels: [
        { node: 'conv1/7x7_s2', op: 'Conv', provider: 'CPUExecutionProvider', totalMs: 26, calls: 2 },
        { node: 'pool1/3x3_s2', op: 'MaxPool', provider: 'CPUExecutionProvider', totalMs: 0.5, calls: 1 },
      ],
    });
  });

  it("prefers the WebGPU EP's GPU timestamps, by model node, over its CPU-side times", () => {
    // Lines as onnxruntime-web 1.30's WebGPU EP prints them on SwiftShader (durations shortened).
    const lines = [
      '{"cat" : "Api","pid" :-1,"tid" :-1,"dur" :4313,"ts" :18840414,"ph" : "X","name" :"Transpose&Transpose&Transpose","args" : {"cache_key" : "Transpose[0-2-3-1]:16,16,1:1:0;2:","shapes" : "inputs[0] = {3,50176} outputs[0] = {50176,3} "}},',
      '{"cat" : "Api","pid" :-1,"tid" :-1,"dur" :2390,"ts" :23154073,"ph" : "X","name" :"conv1/7x7_s2_token_2&Conv&Conv2dMM","args" : {"shapes" : "inputs[0] = {1,224,224,3} outputs[0] = {1,112,112,16} ","cache_key" : "Conv2dMM"}},',
      '{"cat" : "Api","pid" :-1,"tid" :-1,"dur" :2610,"ts" :25545080,"ph" : "X","name" :"conv1/7x7_s2_token_2&Conv&Conv2dMM","args" : {"shapes" : "","cache_key" : "Conv2dMM"}},',
      '{"cat" : "Node","pid" :42,"tid" :1,"dur" :165369,"ts" :6353880,"ph" : "X","name" :"conv1/7x7_s2_token_2_kernel_time","args" : {"op_name" : "Conv","provider" : "WebGpuExecutionProvider"}},',
    ];
    expect(kernelTimesFromTrace(lines)).toEqual({
      clock: 'gpu',
      kernels: [
        { node: 'conv1/7x7_s2', op: 'Conv', provider: 'WebGpuExecutionProvider', totalMs: 5, calls: 2 },
        { node: 'Transpose', op: 'Transpose', provider: 'WebGpuExecutionProvider', totalMs: 4.313, calls: 1 },
      ],
    });
  });

  it('says so when there is nothing to read', () => {
    expect(() => kernelTimesFromTrace(['hello'])).toThrow(/no kernel timings/);
  });
});
