import type { ConversionSummary } from '../../../caffe/convert';

/** What the build phase did: every Caffe layer and what it became, like a TensorRT build log. */
export function ConversionSummaryView({ summary }: { summary: ConversionSummary }) {
  const cluster = summary.detection?.forInput;
  return (
    <details className="summary" data-testid="conversion-summary" open>
      <summary>
        {summary.name}: {summary.layers.length} layers, {summary.parameterCount.toLocaleString('en-US')} parameters, input{' '}
        {summary.inputs.map((t) => `${t.name} [${t.dims.join(', ')}]`).join(', ')}, outputs{' '}
        {summary.outputs.map((t) => `${t.name} [${t.dims.join(', ')}]`).join(', ')}
      </summary>
      {cluster ? (
        <p
          data-testid="cluster-params"
          data-rect-threshold={cluster.rectThreshold}
          data-coverage-threshold={cluster.coverageThreshold}
          data-min-height={cluster.minHeight}
          data-eps={cluster.rectEps}
        >
          DetectNet clustering from param_str "{summary.detection!.paramStr}": coverage ≥ {cluster.coverageThreshold}, groups of more than{' '}
          {cluster.rectThreshold}, eps {cluster.rectEps}, min height {cluster.minHeight}, on a {cluster.imageWidth}x{cluster.imageHeight}{' '}
          input
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>Caffe layer</th>
            <th>type</th>
            <th>ONNX</th>
          </tr>
        </thead>
        <tbody>
          {summary.layers.map((l) => (
            <tr key={l.name}>
              <td>{l.name}</td>
              <td>{l.type}</td>
              <td>{l.onnx.join(', ') || l.note || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
