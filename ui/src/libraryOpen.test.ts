import { describe, expect, it } from 'vitest';
import { canOpen, folderName, openedMessage } from './libraryOpen';

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
