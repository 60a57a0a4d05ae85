/**
 * "1 event", "3 events", "2 more flows": a count with its noun. In model/ because cards, the
 * digest, the CLI and sync reports all word counts, and each may import model/.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
