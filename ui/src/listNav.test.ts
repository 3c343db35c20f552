import { describe, expect, it } from 'vitest';
import { adjacentId, listMoveForKey, moveIndex, neighbourAfterRemoving } from './listNav';

describe('adjacentId', () => {
  const ids = [30, 20, 10];
  it('moves down and up the list', () => {
    expect(adjacentId(ids, 30, 1)).toBe(20);
    expect(adjacentId(ids, 20, -1)).toBe(30);
  });
  it('stops at the ends', () => {
    expect(adjacentId(ids, 10, 1)).toBeNull();
    expect(adjacentId(ids, 30, -1)).toBeNull();
  });
  it('starts at the top when the open post is not in the list', () => {
    expect(adjacentId(ids, 99, 1)).toBe(30);
    expect(adjacentId(ids, null, -1)).toBe(30);
  });
  it('handles an empty list', () => {
    expect(adjacentId([], 1, 1)).toBeNull();
  });
});

describe('moveIndex', () => {
  it('follows arrows and clamps', () => {
    expect(moveIndex(0, 'next', 3)).toBe(1);
    expect(moveIndex(2, 'next', 3)).toBe(2);
    expect(moveIndex(0, 'prev', 3)).toBe(0);
    expect(moveIndex(-1, 'next', 3)).toBe(0);
    expect(moveIndex(-1, 'prev', 3)).toBe(0);
  });
  it('jumps to the ends and by pages', () => {
    expect(moveIndex(1, 'first', 5)).toBe(0);
    expect(moveIndex(1, 'last', 5)).toBe(4);
    expect(moveIndex(1, 'pageDown', 50, 10)).toBe(11);
    expect(moveIndex(5, 'pageUp', 50, 10)).toBe(0);
    expect(moveIndex(45, 'pageDown', 50, 10)).toBe(49);
  });
  it('keeps a stale index inside a shrunken list', () => {
    expect(moveIndex(9, 'prev', 3)).toBe(1);
  });
  it('returns -1 for an empty list', () => {
    expect(moveIndex(0, 'next', 0)).toBe(-1);
  });
});

describe('listMoveForKey', () => {
  it('maps navigation keys and ignores others', () => {
    expect(listMoveForKey('ArrowDown')).toBe('next');
    expect(listMoveForKey('Home')).toBe('first');
    expect(listMoveForKey('a')).toBeNull();
  });
});

describe('neighbourAfterRemoving', () => {
  it('takes the row that moves into the removed one’s place', () => {
    expect(neighbourAfterRemoving([30, 20, 10], 20)).toBe(10);
    expect(neighbourAfterRemoving([30, 20, 10], 30)).toBe(20);
  });
  it('takes the one before when the last row goes', () => {
    expect(neighbourAfterRemoving([30, 20, 10], 10)).toBe(20);
  });
  it('is null when nothing is left, and the first row when the post was not listed', () => {
    expect(neighbourAfterRemoving([30], 30)).toBeNull();
    expect(neighbourAfterRemoving([], 30)).toBeNull();
    expect(neighbourAfterRemoving([30, 20], 99)).toBe(30);
  });
});
