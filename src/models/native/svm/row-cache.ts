/**
 * libsvm's kernel `Cache`: an LRU of kernel rows (float32, as libsvm's `Qfloat`) under a byte
 * budget (`cache_size` megabytes). Rows are indexed by the solver's current positions, so a
 * shrinking swap (`swap`) swaps two rows' storage and the two entries inside every cached row, and
 * drops rows too short to hold both, as `Cache::swap_index` does.
 *
 * Storage differs from libsvm's `realloc` per row in one way: each cached row owns a slot of `l`
 * floats (a partial row grows in place), so the budget holds `floor(budget / l)` rows whatever
 * their filled length. The slots are allocated as rows are first needed, so a small problem never
 * allocates the whole budget.
 */

/** The rows of one solver's Q matrix kept under a byte budget. */
export class RowCache {
  private readonly lens: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly slots: Float32Array[] = [];
  private readonly free: number[] = [];
  private readonly maxSlots: number;
  // Circular doubly-linked LRU list over row indices; index l is the sentinel.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;

  /** `l` rows of length up to `l`; `bytes` is the budget (libsvm: cache_size · 2^20). */
  constructor(
    private readonly l: number,
    bytes: number,
  ) {
    // libsvm: size in Qfloats, less its per-row headers (32 bytes each), at least two full rows.
    const floats = Math.max(Math.floor(bytes / 4) - l * 8, 2 * l);
    this.maxSlots = Math.max(2, Math.floor(floats / Math.max(l, 1)));
    this.lens = new Int32Array(l);
    this.slotOf = new Int32Array(l).fill(-1);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
  }

  /** Rows the budget holds. */
  get capacity(): number {
    return this.maxSlots;
  }

  /** Bytes of row storage allocated so far (never above the budget). */
  get allocatedBytes(): number {
    return this.slots.length * this.l * 4;
  }

  private unlink(h: number): void {
    this.next[this.prev[h]!] = this.next[h]!;
    this.prev[this.next[h]!] = this.prev[h]!;
  }

  private append(h: number): void {
    const s = this.l;
    this.next[h] = s;
    this.prev[h] = this.prev[s]!;
    this.next[this.prev[h]!] = h;
    this.prev[s] = h;
  }

  private drop(h: number): void {
    this.unlink(h);
    this.free.push(this.slotOf[h]!);
    this.slotOf[h] = -1;
    this.lens[h] = 0;
  }

  /**
   * Row `index` with room for `len` values; `filled()` after this call tells how many of them are
   * valid (the caller fills the rest and they count as cached from then on).
   */
  get(index: number, len: number): { data: Float32Array; start: number } {
    const had = this.lens[index]!;
    if (had > 0) this.unlink(index);
    if (len > had) {
      if (this.slotOf[index]! < 0) {
        let slot = this.free.pop();
        if (slot === undefined) {
          if (this.slots.length < this.maxSlots) {
            slot = this.slots.length;
            this.slots.push(new Float32Array(this.l));
          } else {
            const victim = this.next[this.l]!;
            slot = this.slotOf[victim]!;
            this.unlink(victim);
            this.slotOf[victim] = -1;
            this.lens[victim] = 0;
          }
        }
        this.slotOf[index] = slot;
      }
      this.lens[index] = len;
    }
    this.append(index);
    return { data: this.slots[this.slotOf[index]!]!, start: had };
  }

  /** libsvm's `Cache::swap_index`: positions i and j trade places. */
  swap(i: number, j: number): void {
    if (i === j) return;
    const li = this.lens[i]!;
    const lj = this.lens[j]!;
    if (li > 0) this.unlink(i);
    if (lj > 0) this.unlink(j);
    this.lens[i] = lj;
    this.lens[j] = li;
    const si = this.slotOf[i]!;
    this.slotOf[i] = this.slotOf[j]!;
    this.slotOf[j] = si;
    if (lj > 0) this.append(i);
    if (li > 0) this.append(j);
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    for (let h = this.next[this.l]!; h !== this.l; ) {
      const after = this.next[h]!;
      const len = this.lens[h]!;
      if (len > lo) {
        if (len > hi) {
          const row = this.slots[this.slotOf[h]!]!;
          const t = row[lo]!;
          row[lo] = row[hi]!;
          row[hi] = t;
        } else {
          this.drop(h);
        }
      }
      h = after;
    }
  }
}
