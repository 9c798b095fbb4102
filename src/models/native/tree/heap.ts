/**
 * The binary max-heap both best-first growers (CART's `max_leaf_nodes`, gradient boosting's
 * leaf-wise trees) keep their frontier in: `better(a, b)` says a pops before b.
 */

/** Adds `item` to `heap`. */
export function heapPush<T>(heap: T[], item: T, better: (a: T, b: T) => boolean): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

/** Removes and returns the best item (the heap must not be empty). */
export function heapPop<T>(heap: T[], better: (a: T, b: T) => boolean): T {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < heap.length && better(heap[l]!, heap[best]!)) best = l;
      if (r < heap.length && better(heap[r]!, heap[best]!)) best = r;
      if (best === i) break;
      [heap[i], heap[best]] = [heap[best]!, heap[i]!];
      i = best;
    }
  }
  return top;
}
