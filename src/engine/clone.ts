// A deep copy of JSON data (a resident's state, a record's data). Every turn
// copies the state before changing it, and structuredClone's general-purpose
// serializer costs about eight times as much on it (24 µs against 3 µs for a
// typical 1.3 KB state), so this copies plain objects and arrays directly.
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = cloneJson(value[i]);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  return copy as T;
}
