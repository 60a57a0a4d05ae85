import { KNOWN_OPERATIONS } from '../model/flow-event.ts';

/** What a set of operations is about, in the words questions and answers use for them. */
export interface OperationGroups {
  /** Flow operations as past participles, in canonical order. */
  flowVerbs: Array<'created' | 'edited' | 'deleted' | 'shared' | 'unshared'>;
  /** Both permission operations: "permission changes" (then neither "shared" nor "unshared"). */
  permissionChanges: boolean;
  trials: 'started or renewed' | 'started' | 'renewed' | null;
  /** Operations we have no words for (kept by their audit name). */
  others: string[];
}

export function groupOperations(operations: string[]): OperationGroups {
  const has = (op: string) => operations.includes(op);
  const permissionChanges = has('PutPermissions') && has('DeletePermissions');
  const flowVerbs: OperationGroups['flowVerbs'] = [];
  if (has('CreateFlow')) flowVerbs.push('created');
  if (has('EditFlow')) flowVerbs.push('edited');
  if (has('DeleteFlow')) flowVerbs.push('deleted');
  if (has('PutPermissions') && !permissionChanges) flowVerbs.push('shared');
  if (has('DeletePermissions') && !permissionChanges) flowVerbs.push('unshared');
  const start = has('StartAPaidTrial');
  const renew = has('RenewTrial');
  const trials = start && renew ? 'started or renewed' : start ? 'started' : renew ? 'renewed' : null;
  const named: readonly string[] = KNOWN_OPERATIONS;
  return { flowVerbs, permissionChanges, trials, others: operations.filter((op) => !named.includes(op)) };
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: string[], conjunction = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}
