/**
 * DetectNet's clustering thresholds as the Detect view edits them: each field's meaning, unit and
 * rule, and the check of what was typed, with an error that names the value and the rule.
 */
import type { ClusterConfig } from '../../domain/manifest';

export type ClusterField = keyof ClusterConfig;

export interface ClusterFieldSpec {
  label: string;
  /** Shown after the field; empty when the value has no unit. */
  unit: string;
  /** One line on what the value does. */
  help: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  /** The noun of the error: "'x' is not <a ...>". */
  noun: string;
}

export const CLUSTER_FIELD_SPECS: Readonly<Record<ClusterField, ClusterFieldSpec>> = {
  coverageThreshold: {
    label: 'Coverage threshold',
    unit: '0..1',
    help: 'a grid cell proposes a box when its coverage is at least this',
    min: 0,
    max: 1,
    step: 0.01,
    integer: false,
    noun: 'a coverage threshold',
  },
  rectThreshold: {
    label: 'Rect threshold',
    unit: 'proposals',
    help: 'a box needs more than this many overlapping proposals (0: every proposal is a box)',
    min: 0,
    max: 1000,
    step: 1,
    integer: true,
    noun: 'a rect threshold',
  },
  rectEps: {
    label: 'Eps',
    unit: 'of box size',
    help: 'how far proposals may differ to be grouped, relative to their size',
    min: 0,
    max: 1,
    step: 0.01,
    integer: false,
    noun: 'an eps',
  },
  minHeight: {
    label: 'Min height',
    unit: 'px (model input)',
    help: 'boxes lower than this are dropped',
    min: 0,
    max: 4096,
    step: 1,
    integer: true,
    noun: 'a min height',
  },
};

export const CLUSTER_FIELDS = Object.keys(CLUSTER_FIELD_SPECS) as ClusterField[];

export type FieldResult = { ok: true; value: number } | { ok: false; error: string };

/** What was typed into one field: a number that keeps the field's rule, or why not. */
export function parseClusterField(field: ClusterField, text: string): FieldResult {
  const spec = CLUSTER_FIELD_SPECS[field];
  const typed = text.trim();
  const range = `${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`;
  if (typed === '') return { ok: false, error: `enter ${range}` };
  const value = Number(typed);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(typed) || !Number.isFinite(value))
    return { ok: false, error: `'${typed}' is not ${spec.noun}: it is not a number` };
  if (spec.integer && !Number.isInteger(value)) return { ok: false, error: `'${typed}' is not ${spec.noun}: it must be a whole number` };
  if (value < spec.min || value > spec.max) return { ok: false, error: `'${typed}' is not ${spec.noun}: it must be ${range}` };
  return { ok: true, value };
}

export type ClusterFormResult = { ok: true; params: ClusterConfig } | { ok: false; errors: Partial<Record<ClusterField, string>> };

/** All four fields: the parameters when every one is valid, else each field's error. */
export function parseClusterForm(texts: Readonly<Record<ClusterField, string>>): ClusterFormResult {
  const errors: Partial<Record<ClusterField, string>> = {};
  const params: Partial<ClusterConfig> = {};
  for (const field of CLUSTER_FIELDS) {
    const result = parseClusterField(field, texts[field]);
    if (result.ok) params[field] = result.value;
    else errors[field] = result.error;
  }
  return Object.keys(errors).length === 0 ? { ok: true, params: params as ClusterConfig } : { ok: false, errors };
}

/** The parameters as the fields show them. */
export function clusterFormTexts(params: ClusterConfig): Record<ClusterField, string> {
  return {
    coverageThreshold: String(params.coverageThreshold),
    rectThreshold: String(params.rectThreshold),
    rectEps: String(params.rectEps),
    minHeight: String(params.minHeight),
  };
}

export const sameCluster = (a: ClusterConfig, b: ClusterConfig): boolean => CLUSTER_FIELDS.every((f) => a[f] === b[f]);
