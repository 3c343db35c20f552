import { describe, expect, it } from 'vitest';
import { canOpen, closedChangesMessage, folderName, keptUnsavedMessage, openedMessage, recoveredMessage } from './libraryOpen';

describe('canOpen', () => {
  it('needs a named folder and no open in flight', () => {
    expect(canOpen('', false)).toBe(false);
    expect(canOpen('   ', false)).toBe(false);
    expect(canOpen('/blog', false)).toBe(true);
    expect(canOpen('/blog', true)).toBe(false);
  });
});

describe('folderName', () => {
  it('takes the last part of Unix and Windows paths', () => {
    expect(folderName('/home/me/blog')).toBe('blog');
    expect(folderName('/home/me/blog/')).toBe('blog');
    expect(folderName('C:\\Users\\me\\site\\')).toBe('site');
    expect(folderName(' relative/notes ')).toBe('notes');
  });
  it('keeps a root as it is', () => {
    expect(folderName('/')).toBe('/');
    expect(folderName('C:\\')).toBe('C:');
  });
});

describe('openedMessage', () => {
  it('names the folder and counts its posts', () => {
    expect(openedMessage({ folder: '/home/me/blog', postCount: 1 })).toBe('Opened “blog”: 1 post.');
    expect(openedMessage({ folder: '/home/me/blog', postCount: 1234 })).toBe('Opened “blog”: 1,234 posts.');
    expect(openedMessage({ folder: '/empty', postCount: 0 })).toBe('Opened “empty”: no posts yet.');
  });
});

describe('keptUnsavedMessage', () => {
  it('names the one post, counts several, and says nothing for none', () => {
    expect(keptUnsavedMessage(['Draft one'])).toBe(
      'Quire closed before it could save what you typed in “Draft one”. Nothing is lost: it is in History, marked “conflict”.',
    );
    expect(keptUnsavedMessage(['A', 'B'])).toContain('in 2 posts.');
    expect(keptUnsavedMessage([])).toBeNull();
    expect(keptUnsavedMessage(undefined)).toBeNull();
  });
});

describe('closedChangesMessage', () => {
  const none = { added: 0, updated: 0, renamed: 0, trashed: 0 };
  it('says nothing when nothing changed, or only new files came', () => {
    expect(closedChangesMessage(undefined)).toBeNull();
    expect(closedChangesMessage(none)).toBeNull();
    expect(closedChangesMessage({ ...none, added: 3 })).toBeNull();
  });
  it('lists what changed and points to History for changed text', () => {
    expect(closedChangesMessage({ ...none, updated: 1 })).toBe(
      'While Quire was closed, 1 post changed in this folder. The text from before is in each post’s History.',
    );
    expect(closedChangesMessage({ added: 2, updated: 0, renamed: 1, trashed: 3 })).toBe(
      'While Quire was closed, 1 post moved or renamed, 3 posts deleted (now in the trash) and 2 posts added in this folder.',
    );
  });
});

describe('recoveredMessage', () => {
  it('says nothing when the database was sound', () => {
    expect(recoveredMessage(undefined)).toBeNull();
    expect(recoveredMessage(null)).toBeNull();
    expect(recoveredMessage('')).toBeNull();
  });
  it('tells what was repaired and where the damaged file went, as the core wrote it', () => {
    const core =
      'the library database /d/a.sqlite3 was damaged (database disk image is malformed); it was moved to ' +
      '/d/a.sqlite3.damaged-20261204T190000Z and a new one is made from the folder. Every post in the folder is there; ' +
      'its 12 earlier versions and the trash stay in the damaged file.';
    const message = recoveredMessage(core) ?? '';
    expect(message.startsWith('Quire repaired this library. The library database /d/a.sqlite3 was damaged')).toBe(true);
    expect(message).toContain('/d/a.sqlite3.damaged-20261204T190000Z');
  });
});
