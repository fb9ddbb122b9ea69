import type { FaultStatus, NetworkSpec } from "./types";

/**
 * The scenario's `network` object at run time: latency, injected faults (each with its own
 * remaining count) and hanging paths. Patterns are tested against the decoded path and query of a
 * request, e.g. `/v1.0/groups/…/transitiveMembers/microsoft.graph.user/$count`; for `$batch`, also
 * against each inner request as `/v1.0` + its url.
 */
export class NetworkConditions {
  /** Milliseconds added to every response. */
  readonly latencyMs: number;
  private readonly faults: { pattern: RegExp; status: FaultStatus; remaining: number }[];
  private readonly hangPatterns: readonly RegExp[];

  /** `spec` must have passed NetworkSpecSchema. */
  constructor(spec: NetworkSpec | undefined) {
    this.latencyMs = spec?.latencyMs ?? 0;
    this.faults = (spec?.faults ?? []).map((f) => ({ pattern: new RegExp(f.path), status: f.status, remaining: f.times }));
    this.hangPatterns = (spec?.hang ?? []).map((source) => new RegExp(source));
  }

  /** Whether a request for `target` must never be answered. */
  hangs(target: string): boolean {
    return this.hangPatterns.some((pattern) => pattern.test(target));
  }

  /**
   * The status a request for `target` must fail with, consuming one of that fault's `times`;
   * undefined once every matching fault is used up. The first matching fault in the list wins.
   */
  takeFault(target: string): FaultStatus | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && f.pattern.test(target));
    if (!fault) return undefined;
    fault.remaining--;
    return fault.status;
  }
}
