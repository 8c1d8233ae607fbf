// CloudWatch embedded metric format (EMF), written by hand: one JSON line per request on stdout, which CloudWatch Logs
// turns into metrics. A library (aws-embedded-metrics) would add its dependency tree to a bundle that Lambda@Edge
// caps at 1 MB and copies to every edge Region, for what is one object literal here.
//
// The line goes to process.stdout.write, not console.log: with the JSON log format, Lambda wraps console output in
// its own JSON envelope, and CloudWatch only extracts metrics from a line whose top level is the EMF document.
//
// Lambda@Edge logs (and so these metrics) land in the Region of the edge location that served the request, under
// /aws/lambda/us-east-1.<function name>: dashboards and alarms must look in each Region that serves traffic.

export const DEFAULT_NAMESPACE = 'ServerlessJavaSuite';
export const DIMENSIONS = Object.freeze({ Service: 'edge', Function: 'origin-request' });

const UNITS = Object.freeze({ count: 'Count', ms: 'Milliseconds' });

export const writeLine = (line) => process.stdout.write(`${line}\n`);

/** One request's metrics; `flush` writes them as one EMF line (nothing when none was recorded). */
export class RequestMetrics {
  constructor({ write = writeLine, now = Date.now } = {}) {
    this.write = write;
    this.now = now;
    this.namespace = DEFAULT_NAMESPACE;
    this.values = new Map();
  }

  count(name, value = 1) {
    const entry = this.values.get(name);
    this.values.set(name, { unit: UNITS.count, value: (entry?.value ?? 0) + value });
  }

  milliseconds(name, value) {
    this.values.set(name, { unit: UNITS.ms, value });
  }

  flush() {
    if (this.values.size === 0) {
      return;
    }
    const document = {
      _aws: {
        Timestamp: this.now(),
        CloudWatchMetrics: [{
          Namespace: this.namespace,
          Dimensions: [Object.keys(DIMENSIONS)],
          Metrics: [...this.values].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
        }],
      },
      ...DIMENSIONS,
      ...Object.fromEntries([...this.values].map(([name, { value }]) => [name, value])),
    };
    this.values.clear();
    this.write(JSON.stringify(document));
  }
}
