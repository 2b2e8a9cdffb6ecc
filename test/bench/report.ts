// The shape every benchmark measurement reports in the JSON document: the value, the target it is
// held to, pass/fail, and a baseline measured in the same run on the same machine. A measurement
// never decides the process exit code: a missed target is pass:false, not a crash.

export interface Target {
  /** Which figure of the measurement the target applies to, e.g. "p95Ms" or "casesPerSecond". */
  metric: string;
  op: '<' | '<=' | '>=' | '>';
  value: number;
  unit: string;
}

export interface Measurement {
  name: string;
  description: string;
  value: number;
  unit: string;
  target: Target;
  pass: boolean;
  baseline: { description: string; value: number; unit: string; [k: string]: unknown };
  /** value ÷ baseline value, so "how far from the raw floor" reads at a glance. */
  ratioToBaseline: number;
  details: Record<string, unknown>;
}

export function meets(value: number, t: Target): boolean {
  switch (t.op) {
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '>=':
      return value >= t.value;
    case '>':
      return value > t.value;
  }
}

export function measurement(m: Omit<Measurement, 'pass' | 'ratioToBaseline'>): Measurement {
  const ratio = m.baseline.value === 0 ? Number.POSITIVE_INFINITY : m.value / m.baseline.value;
  return { ...m, pass: meets(m.value, m.target), ratioToBaseline: Math.round(ratio * 100) / 100 };
}

/** Progress goes to stderr so stdout holds only the JSON document. */
export function progress(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
