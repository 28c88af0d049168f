import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTER } from '../../domain/manifest';
import { clusterFormTexts, parseClusterField, parseClusterForm, sameCluster } from './clusterFields';

describe('parseClusterField', () => {
  it('accepts values inside each rule, including the bounds', () => {
    expect(parseClusterField('coverageThreshold', '0.05')).toEqual({ ok: true, value: 0.05 });
    expect(parseClusterField('coverageThreshold', ' 1 ')).toEqual({ ok: true, value: 1 });
    expect(parseClusterField('coverageThreshold', '0')).toEqual({ ok: true, value: 0 });
    expect(parseClusterField('rectThreshold', '0')).toEqual({ ok: true, value: 0 });
    expect(parseClusterField('rectEps', '.2')).toEqual({ ok: true, value: 0.2 });
    expect(parseClusterField('minHeight', '22')).toEqual({ ok: true, value: 22 });
  });

  it('names the value and the rule when a value breaks it', () => {
    expect(parseClusterField('coverageThreshold', '1.5')).toEqual({
      ok: false,
      error: "'1.5' is not a coverage threshold: it must be a number from 0 to 1",
    });
    expect(parseClusterField('coverageThreshold', '-0.1')).toMatchObject({ ok: false, error: expect.stringContaining("'-0.1'") });
    expect(parseClusterField('rectThreshold', '2.5')).toEqual({
      ok: false,
      error: "'2.5' is not a rect threshold: it must be a whole number",
    });
    expect(parseClusterField('minHeight', '-3')).toEqual({
      ok: false,
      error: "'-3' is not a min height: it must be a whole number from 0 to 4096",
    });
    expect(parseClusterField('rectEps', 'abc')).toEqual({ ok: false, error: "'abc' is not an eps: it is not a number" });
    expect(parseClusterField('rectEps', '0x10')).toMatchObject({ ok: false });
    expect(parseClusterField('rectEps', 'Infinity')).toMatchObject({ ok: false });
    expect(parseClusterField('coverageThreshold', '  ')).toEqual({ ok: false, error: 'enter a number from 0 to 1' });
  });
});

describe('parseClusterForm', () => {
  it('gives the parameters when every field is valid', () => {
    expect(parseClusterForm({ coverageThreshold: '0.05', rectThreshold: '1', rectEps: '0.1', minHeight: '0' })).toEqual({
      ok: true,
      params: { coverageThreshold: 0.05, rectThreshold: 1, rectEps: 0.1, minHeight: 0 },
    });
  });

  it('gives each bad field its own error and no parameters', () => {
    const result = parseClusterForm({ coverageThreshold: '2', rectThreshold: '1', rectEps: '0.1', minHeight: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['coverageThreshold', 'minHeight']);
  });

  it('round-trips the manifest defaults through the fields', () => {
    const back = parseClusterForm(clusterFormTexts(DEFAULT_CLUSTER));
    expect(back.ok && sameCluster(back.params, DEFAULT_CLUSTER)).toBe(true);
    expect(sameCluster(DEFAULT_CLUSTER, { ...DEFAULT_CLUSTER, rectEps: 0.03 })).toBe(false);
  });
});
