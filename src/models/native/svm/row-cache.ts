/**
 * libsvm's kernel `Cache`: an LRU of kernel rows (float32, as libsvm's `Qfloat`) under a byte
 * budget (`cache_size` megabytes). Rows are indexed by the solver's current positions, so a
 * shrinking swap (`swap`) swaps two rows' storage and the two entries inside every cached row, and
 * drops rows too short to hold both, as `Cache::swap_index` does.
 *
 * Storage differs from libsvm's `realloc` per row in one way: each cached row owns a slot of `l`
 * floats (a partial row grows in place), so the budget holds `floor(budget / l)` rows whatever
 * their filled length. Slots are views into chunks of a few megabytes, allocated as rows are first
 * needed (a small problem never allocates the whole budget) and kept in a `CacheArena` that the
 * next problem of the same fit reuses (one-vs-one's binary problems, Platt's internal folds), so
 * solving allocates no row storage after the first problem.
 */

/** Floats per chunk of row storage (4 MB): few allocations, little overshoot of the budget. */
const CHUNK_FLOATS = 1 << 20;

/** Row storage shared by the caches of one fit, one cache at a time. */
export class CacheArena {
  private readonly chunks: Float32Array[] = [];
  private busy = false;

  /** Bytes of row storage allocated so far. */
  get allocatedBytes(): number {
    return this.chunks.reduce((sum, c) => sum + c.byteLength, 0);
  }

  /** Claims the arena for one cache; false when another cache holds it. */
  acquire(): boolean {
    if (this.busy) return false;
    this.busy = true;
    return true;
  }

  release(): void {
    this.busy = false;
  }

  /** Chunk `c` with at least `min` floats: the kept one, or a new one of `size` floats (≥ min). */
  chunk(c: number, min: number, size: number): Float32Array {
    const kept = this.chunks[c];
    if (kept !== undefined && kept.length >= min) return kept;
    const fresh = new Float32Array(Math.max(min, size));
    if (c < this.chunks.length) this.chunks[c] = fresh;
    else this.chunks.push(fresh);
    return fresh;
  }
}

/** The rows of one solver's Q matrix kept under a byte budget. */
export class RowCache {
  /** After `get`: how many leading values of the returned row were already cached. */
  filled = 0;
  private readonly lens: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly slots: Float32Array[] = [];
  private readonly free: number[] = [];
  private readonly maxSlots: number;
  private readonly arena: CacheArena;
  private readonly owned: boolean;
  /** Chunk being cut into slots, and the next free row in it. */
  private chunkIndex = -1;
  private chunk: Float32Array = new Float32Array(0);
  private chunkRow = 0;
  private bytes = 0;
  // Circular doubly-linked LRU list over row indices; index l is the sentinel.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;

  /**
   * `l` rows of length up to `l`; `bytes` is the budget (libsvm: cache_size · 2^20). With an
   * `arena`, row storage comes from (and stays in) it; `release` hands it to the next cache.
   */
  constructor(
    private readonly l: number,
    bytes: number,
    arena?: CacheArena,
  ) {
    // libsvm: size in Qfloats, less its per-row headers (32 bytes each), at least two full rows.
    const floats = Math.max(Math.floor(bytes / 4) - l * 8, 2 * l);
    this.maxSlots = Math.max(2, Math.floor(floats / Math.max(l, 1)));
    this.owned = arena === undefined || !arena.acquire();
    this.arena = this.owned ? new CacheArena() : arena!;
    this.lens = new Int32Array(l);
    this.slotOf = new Int32Array(l).fill(-1);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
  }

  /** Rows the budget holds. */
  get capacity(): number {
    return this.maxSlots;
  }

  /** Bytes of row storage this cache uses (never above the budget's rows, rounded to whole rows). */
  get allocatedBytes(): number {
    return this.bytes;
  }

  /** Gives the arena back (the cache must not be used afterwards). */
  release(): void {
    if (!this.owned) this.arena.release();
  }

  /** A new slot of `l` floats, cut from the current chunk or the arena's next one. */
  private newSlot(): Float32Array {
    const l = Math.max(this.l, 1);
    if ((this.chunkRow + 1) * l > this.chunk.length) {
      this.chunkIndex++;
      const wanted = Math.min(CHUNK_FLOATS, (this.maxSlots - this.slots.length) * l);
      this.chunk = this.arena.chunk(this.chunkIndex, l, Math.ceil(wanted / l) * l);
      this.chunkRow = 0;
    }
    const slot = this.chunk.subarray(this.chunkRow * l, (this.chunkRow + 1) * l);
    this.chunkRow++;
    this.bytes += l * 4;
    return slot;
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
   * Row `index` with room for `len` values; `filled` after this call tells how many of them are
   * valid (the caller fills the rest and they count as cached from then on).
   */
  get(index: number, len: number): Float32Array {
    const had = this.lens[index]!;
    if (had > 0) this.unlink(index);
    if (len > had) {
      if (this.slotOf[index]! < 0) {
        let slot = this.free.pop();
        if (slot === undefined) {
          if (this.slots.length < this.maxSlots) {
            slot = this.slots.length;
            this.slots.push(this.newSlot());
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
    this.filled = had;
    return this.slots[this.slotOf[index]!]!;
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
