// A small least-recently-used cache bounded by entries and by total size (rendered HTML can be large).
export class Lru<V> {
  private readonly map = new Map<string, { value: V; size: number }>();
  private total = 0;

  constructor(private readonly maxEntries: number, private readonly maxSize: number, private readonly sizeOf: (v: V) => number) {}

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    // Re-inserting moves the entry to the end: Map keeps insertion order, so the first key is the oldest.
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old) { this.total -= old.size; this.map.delete(key); }
    const size = this.sizeOf(value);
    if (size > this.maxSize) return;
    this.map.set(key, { value, size });
    this.total += size;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxEntries && this.total <= this.maxSize) break;
      this.map.delete(k);
      this.total -= e.size;
    }
  }

  get size(): number {
    return this.map.size;
  }
}
