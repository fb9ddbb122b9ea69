/** A run of consecutive whole numbers, `start` included, `end` excluded. */
export interface NumberRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A set of whole numbers held as sorted, disjoint, non-adjacent ranges: 840,000 generated members
 * cost one range. Answers size, membership and "the k-th number" (for paging) without listing.
 */
export class RangeSet {
  /** Sorted, disjoint, non-adjacent, non-empty. */
  readonly ranges: readonly NumberRange[];
  /** `offsets[i]` = how many numbers come before `ranges[i]`. */
  private readonly offsets: readonly number[];
  readonly size: number;

  static readonly EMPTY = new RangeSet([]);

  private constructor(merged: readonly NumberRange[]) {
    this.ranges = merged;
    const offsets: number[] = [];
    let size = 0;
    for (const range of merged) {
      offsets.push(size);
      size += range.end - range.start;
    }
    this.offsets = offsets;
    this.size = size;
  }

  /** The union of any ranges (overlapping, adjacent, empty or unsorted). */
  static of(ranges: Iterable<NumberRange>): RangeSet {
    const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
    const merged: NumberRange[] = [];
    for (const range of sorted) {
      const last = merged[merged.length - 1];
      if (last && range.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
      else merged.push(range);
    }
    return new RangeSet(merged);
  }

  has(n: number): boolean {
    const i = this.rangeIndexOf(n);
    return i >= 0;
  }

  /** The number at 0-based position `index` in ascending order. */
  at(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`index ${index} outside 0..${this.size - 1}`);
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.offsets[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    const range = this.ranges[lo] as NumberRange;
    return range.start + (index - (this.offsets[lo] ?? 0));
  }

  /** This set without the given numbers. */
  without(numbers: Iterable<number>): RangeSet {
    const points = [...new Set(numbers)].filter((n) => this.has(n)).sort((a, b) => a - b);
    if (points.length === 0) return this;
    const out: NumberRange[] = [];
    let p = 0;
    for (const range of this.ranges) {
      let start = range.start;
      while (p < points.length && (points[p] as number) < range.end) {
        const point = points[p] as number;
        if (point > start) out.push({ start, end: point });
        start = point + 1;
        p++;
      }
      if (start < range.end) out.push({ start, end: range.end });
    }
    return new RangeSet(out);
  }

  private rangeIndexOf(n: number): number {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const range = this.ranges[mid] as NumberRange;
      if (n < range.start) hi = mid - 1;
      else if (n >= range.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}
