import { describe, expect, it } from 'vitest';
import type { Change, Revision } from './api';
import { decide, mergeEvents, openPostEvent, outsideText, type OpenPostState } from './librarySync';

const change = (kind: Change['kind'], id: number): Change => ({
  kind,
  id,
  path: `posts/p${id}.md`,
  slug: `p${id}`,
  from: kind === 'renamed' ? `old/p${id}.md` : null,
});

describe('openPostEvent', () => {
  it('ignores other posts, new posts and no open post', () => {
    expect(openPostEvent([change('updated', 2), change('deleted', 3)], 1)).toBeNull();
    expect(openPostEvent([change('created', 1)], 1)).toBeNull();
    expect(openPostEvent([change('updated', 1)], null)).toBeNull();
    expect(openPostEvent([], 1)).toBeNull();
  });

  it('picks the open post out of a storm', () => {
    const storm = Array.from({ length: 5000 }, (_, i) => change('updated', i + 10));
    storm.splice(2500, 0, change('renamed', 1));
    expect(openPostEvent(storm, 1)).toBe('renamed');
  });

  it('lets a deletion or a conflict win over edits in the same batch', () => {
    expect(openPostEvent([change('updated', 1), change('renamed', 1)], 1)).toBe('updated');
    expect(openPostEvent([change('updated', 1), change('conflict', 1), change('updated', 1)], 1)).toBe('conflict');
    expect(openPostEvent([change('updated', 1), change('deleted', 1)], 1)).toBe('deleted');
  });
});

describe('mergeEvents', () => {
  it('keeps the stronger event', () => {
    expect(mergeEvents(null, 'renamed')).toBe('renamed');
    expect(mergeEvents('updated', null)).toBe('updated');
    expect(mergeEvents('renamed', 'updated')).toBe('updated');
    expect(mergeEvents('conflict', 'updated')).toBe('conflict');
    expect(mergeEvents('updated', 'deleted')).toBe('deleted');
  });

  it('treats an edit after a deletion as the post coming back', () => {
    expect(mergeEvents('deleted', 'updated')).toBe('updated');
    expect(mergeEvents('deleted', 'deleted')).toBe('deleted');
  });
});

describe('decide', () => {
  const base: OpenPostState = {
    event: 'updated',
    outside: 'outside',
    saved: 'saved',
    current: 'saved',
    saving: false,
    inConflict: false,
  };
  const cases: [string, Partial<OpenPostState>, ReturnType<typeof decide>][] = [
    ['nothing unsaved: take the outside text', {}, 'apply'],
    ['a rename with nothing unsaved', { event: 'renamed' }, 'apply'],
    ['unsaved edits meet an outside edit', { current: 'typed' }, 'conflict'],
    ['a save still running meets an outside edit', { saving: true }, 'conflict'],
    ['the outside text is what the editor shows', { current: 'outside', saving: true }, 'same'],
    ['the outside text matches, with edits pending before', { current: 'outside', saved: 'x' }, 'same'],
    ['a rename that kept the text, while typing', { event: 'renamed', outside: 'saved', current: 'typed' }, 'fields'],
    ['an event for text Quire itself stored, with typing since', { outside: 'saved', current: 'typed' }, 'fields'],
    ['an event for text Quire itself stored', { outside: 'saved' }, 'same'],
    ['the watcher reports a conflict', { event: 'conflict', current: 'saved' }, 'conflict'],
    ['a conflict with the same text is no conflict', { event: 'conflict', current: 'outside' }, 'same'],
    ['another outside edit while the banner is up', { inConflict: true, current: 'typed' }, 'conflict'],
    ['the banner is up and the texts now agree', { inConflict: true, current: 'outside' }, 'same'],
    ['the banner is up, even for a rename', { inConflict: true, event: 'renamed', outside: 'saved', current: 'typed' }, 'conflict'],
  ];
  for (const [name, state, outcome] of cases) {
    it(`${name}: ${outcome}`, () => {
      expect(decide({ ...base, ...state })).toBe(outcome);
    });
  }
});

describe('outsideText', () => {
  const rev = (id: number, source: Revision['source'], text: string): Revision => ({
    id,
    at: '2024-03-09T10:00:00Z',
    source,
    text,
  });

  it('is the stored text for an edit or a rename', () => {
    expect(outsideText('updated', 'stored', [rev(1, 'conflict', 'old')])).toBe('stored');
    expect(outsideText('renamed', 'stored', [])).toBe('stored');
  });

  it('is the newest conflict revision for a conflict (the database kept Quire’s text)', () => {
    const revisions = [rev(5, 'app', 'before'), rev(4, 'conflict', 'outside'), rev(3, 'conflict', 'older')];
    expect(outsideText('conflict', 'quire', revisions)).toBe('outside');
  });

  it('falls back to the stored text when no conflict revision is there', () => {
    expect(outsideText('conflict', 'stored', [rev(2, 'external', 'x')])).toBe('stored');
  });
});
