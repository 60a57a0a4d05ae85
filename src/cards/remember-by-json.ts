/**
 * A pure function that remembers its last `capacity` answers, keyed by the JSON of its input.
 * Expanding a result row through adaptivecards-templating costs far more than the rest of an
 * answer, and the same rows come back again and again (Refresh, Show more, several admins asking
 * "new flows today"). The answer depends on the input alone, so a remembered one is always right
 * and nothing needs invalidating. Answers are shared between callers, so they are frozen: code
 * that tried to change one would throw instead of changing another reply's card.
 */
export function rememberByJson<Input, Output extends object>(
  compute: (input: Input) => Output,
  capacity: number,
): (input: Input) => Output {
  const remembered = new Map<string, Output>();
  return (input) => {
    const key = JSON.stringify(input);
    const known = remembered.get(key);
    if (known) return known;
    const output = deepFreeze(compute(input));
    // Forgetting all at once when full is as good as least-recently-used here, and simpler.
    if (remembered.size >= capacity) remembered.clear();
    remembered.set(key, output);
    return output;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
