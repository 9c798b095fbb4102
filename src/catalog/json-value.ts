/** Checks that a value is plain JSON, so a save never silently turns `NaN` into `null` or a typed array into an object. */

/** Where `value` stops being plain JSON (`$.a[2]: NaN is not JSON`), or `undefined` when it is JSON. */
export function findNonJson(value: unknown, at = '$'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${at}: ${value} is not a JSON number`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findNonJson(value[i], `${at}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return `${at}: a ${value.constructor?.name ?? 'non-plain object'} is not plain JSON`;
    }
    for (const [key, item] of Object.entries(value)) {
      const problem = findNonJson(item, `${at}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return `${at}: ${value === undefined ? 'undefined' : `a ${typeof value}`} is not JSON`;
}
