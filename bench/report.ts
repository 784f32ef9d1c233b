// What a case reports, and the plain-text table the bench prints. Pure (tested in test/bench/).

/** One figure of a case, with its floor and target when it has them. */
export interface Metric {
  /** Case name, e.g. 'short-command'. */
  case: string;
  /** What was measured, e.g. 'latency p50'. */
  name: string;
  value: number;
  unit: string;
  /** The emulator's own delay this figure cannot go under, as text (e.g. '700 ms'). */
  floor?: string;
  /** The target as text (e.g. '≤ 850 ms'). */
  target?: string;
  /** PASS/FAIL against the target; undefined when the figure has no target. */
  pass?: boolean;
  /** A short remark (method, sample size). */
  note?: string;
}

/** Formats a number for the table: integers as is, others with up to `digits` decimals. */
export function formatValue(value: number, unit: string, digits = 2): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 0 : digits);
  return unit === '' ? text : `${text} ${unit}`;
}

/** PASS, FAIL or '' for a metric. */
export function verdict(metric: Pick<Metric, 'pass'>): string {
  if (metric.pass === undefined) return '';
  return metric.pass ? 'PASS' : 'FAIL';
}

/** Renders rows as a left-aligned text table with a header rule. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The bench's results table: case, figure, value, floor, target, verdict. */
export function metricsTable(metrics: readonly Metric[]): string {
  return renderTable(
    ['case', 'figure', 'value', 'floor', 'target', 'result'],
    metrics.map((m) => [m.case, m.name, formatValue(m.value, m.unit), m.floor ?? '', m.target ?? '', verdict(m)]),
  );
}

/** The same table as Markdown, for docs/performance.md. */
export function metricsMarkdown(metrics: readonly Metric[]): string {
  const rows = metrics.map((m) => `| ${m.case} | ${m.name} | ${formatValue(m.value, m.unit)} | ${m.floor ?? ''} | ${m.target ?? ''} | ${verdict(m)} |`);
  return ['| case | figure | value | floor | target | result |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
