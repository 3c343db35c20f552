// Which post is next or previous in the list, and how keys move the list focus.

/** The id `delta` rows away from `current`; the first row when nothing is selected. */
export function adjacentId(ids: readonly number[], current: number | null, delta: number): number | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return ids[0];
  const next = at + delta;
  if (next < 0 || next >= ids.length) return null;
  return ids[next];
}

/**
 * The post to show once `id` leaves the list: the one that takes its row, else the
 * one before it; null when none is left.
 */
export function neighbourAfterRemoving(ids: readonly number[], id: number): number | null {
  const rest = ids.filter((other) => other !== id);
  if (rest.length === 0) return null;
  const at = ids.indexOf(id);
  return rest[Math.min(Math.max(at, 0), rest.length - 1)];
}

export type ListMove = 'prev' | 'next' | 'first' | 'last' | 'pageUp' | 'pageDown';

export function listMoveForKey(key: string): ListMove | null {
  switch (key) {
    case 'ArrowUp':
      return 'prev';
    case 'ArrowDown':
      return 'next';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'PageUp':
      return 'pageUp';
    case 'PageDown':
      return 'pageDown';
    default:
      return null;
  }
}

/** The row index after a move, clamped to the list; -1 for an empty list. */
export function moveIndex(index: number, move: ListMove, length: number, page = 10): number {
  if (length === 0) return -1;
  const last = length - 1;
  const from = index < 0 ? -1 : Math.min(index, last);
  let to: number;
  switch (move) {
    case 'prev':
      to = from < 0 ? 0 : from - 1;
      break;
    case 'next':
      to = from + 1;
      break;
    case 'first':
      to = 0;
      break;
    case 'last':
      to = last;
      break;
    case 'pageUp':
      to = from - page;
      break;
    case 'pageDown':
      to = from < 0 ? page - 1 : from + page;
      break;
  }
  return Math.max(0, Math.min(last, to));
}
