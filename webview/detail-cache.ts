// Samples by id, fetched ahead of the keys: while a person reads one sample, its neighbours are fetched and
// their text rendered (into markdown.ts's cache) in background slices (slices.ts), so j / k show the next one
// without waiting for the engine or for KaTeX. The person's own writes update or drop the copies; an import, a rename
// or a deletion drops all; another process's commit (or the index build's end) fetches all again, each copy kept
// until its fresh one is here.
import type { ReviewSampleDetail } from '../src/shared/protocol';

export type Detail = ReviewSampleDetail;

export class DetailCache {
  /** Newest last; a request on its way is cached too, so a key pressed meanwhile waits for it instead of asking again. */
  private readonly entries = new Map<number, Promise<Detail | null>>();
  /** The answers received, for the entries whose request has answered (the same objects the promises give). */
  private readonly values = new Map<number, Detail | null>();

  constructor(
    private readonly fetch: (id: number) => Promise<Detail | null>,
    /** Work to do ahead for a prefetched sample (render its text); `soon` for the likeliest next one. */
    private readonly warm: (d: Detail, soon: boolean) => void,
    private readonly max = 16,
  ) {}

  /** The sample: cached (or on its way), else fetched now. */
  get(id: number): Promise<Detail | null> {
    const p = this.entries.get(id);
    if (!p) return this.load(id);
    this.entries.delete(id);
    this.entries.set(id, p);
    return p;
  }

  /** The sample if its answer is here already (undefined: not cached, or still on its way). */
  peek(id: number): Detail | null | undefined {
    return this.entries.has(id) ? this.values.get(id) : undefined;
  }

  /** Whether the sample is cached or on its way. */
  has(id: number): boolean {
    return this.entries.has(id);
  }

  /**
   * Fetches the samples not cached yet, then warms each (in this order: the likeliest next first). The first `soon`
   * (the next two keys' samples) are warmed soon even when they were fetched before: fetched three keys ahead, their
   * warming waited for idle time, which a person pressing j in a row never leaves, and the key would then render its
   * sample's text in its own task (warming it again is a few cache look-ups). Two, not one: a sample's text then has
   * two keys' time to be rendered ahead (with one, a third of the bench's keys still found it unrendered).
   */
  prefetch(ids: readonly number[], soon = 2): void {
    ids.forEach((id, i) => {
      const cached = this.entries.get(id);
      if (cached && i >= soon) return;
      (cached ?? this.load(id)).then((d) => { if (d && this.entries.has(id)) this.warm(d, i < soon); }, () => undefined);
    });
  }

  /** The person changed this sample and the panel knows how: keep the copy in step without a request. */
  put(d: Detail): void {
    this.entries.delete(d.id);
    this.entries.set(d.id, Promise.resolve(d));
    this.values.set(d.id, d);
  }

  /**
   * The database may have changed under the copies (another process wrote): every sample is fetched again, and its
   * copy still shown (peek) until the fresh one is here; `changed` hears of each fresh copy that differs.
   */
  refresh(changed: (d: Detail) => void): void {
    for (const id of [...this.entries.keys()]) {
      const old = this.values.get(id);
      const p = this.fetch(id);
      this.entries.set(id, p); // a Map keeps a key's place: the order of use stays
      p.then((d) => {
        if (this.entries.get(id) !== p) return;
        this.values.set(id, d);
        if (d && (old === undefined || JSON.stringify(d) !== JSON.stringify(old))) changed(d);
      }, () => { if (this.entries.get(id) === p) { this.entries.delete(id); this.values.delete(id); } });
    }
  }

  /** This sample changed (all of them, without an id): fetch it again when it is next needed. */
  forget(id?: number): void {
    if (id === undefined) { this.entries.clear(); this.values.clear(); } else { this.entries.delete(id); this.values.delete(id); }
  }

  private load(id: number): Promise<Detail | null> {
    const p = this.fetch(id);
    this.entries.set(id, p);
    this.values.delete(id);
    p.then((d) => { if (this.entries.get(id) === p) this.values.set(id, d); }, () => undefined);
    // A failed request is not kept: the next selection asks again.
    p.catch(() => { if (this.entries.get(id) === p) this.entries.delete(id); });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(key);
      this.values.delete(key);
    }
    return p;
  }
}

