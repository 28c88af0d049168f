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
    expect(kernelTimesFromTrace(lines)).toEqual([
      { node: 'conv1/7x7_s2', op: 'Conv', provider: 'CPUExecutionProvider', totalMs: 26, calls: 2 },
      { node: 'pool1/3x3_s2', op: 'MaxPool', provider: 'CPUExecutionProvider', totalMs: 0.5, calls: 1 },
    ]);
  });

  it('says so when there is nothing to read', () => {
    expect(() => kernelTimesFromTrace(['hello'])).toThrow(/no kernel timings/);
  });
});
