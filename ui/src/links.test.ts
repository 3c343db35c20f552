import { describe, expect, it } from 'vitest';
import { classifyLink } from './links';

describe('classifyLink', () => {
  it('opens http, https and mailto outside', () => {
    expect(classifyLink('https://example.com/a?b=1')).toEqual({ kind: 'external', url: 'https://example.com/a?b=1' });
    expect(classifyLink('HTTP://Example.com')).toEqual({ kind: 'external', url: 'http://example.com/' });
    expect(classifyLink('mailto:me@example.com')).toEqual({ kind: 'external', url: 'mailto:me@example.com' });
  });
  it('scrolls to anchors, decoding them', () => {
    expect(classifyLink('#section-name')).toEqual({ kind: 'anchor', id: 'section-name' });
    expect(classifyLink('#caf%C3%A9')).toEqual({ kind: 'anchor', id: 'café' });
    expect(classifyLink('#%E0%A4%A')).toEqual({ kind: 'anchor', id: '%E0%A4%A' });
  });
  it('asks whether a path or site address is another post', () => {
    expect(classifyLink('other.md')).toEqual({ kind: 'local', href: 'other.md' });
    expect(classifyLink(' ../2024/trip/#day-2 ')).toEqual({ kind: 'local', href: '../2024/trip/#day-2' });
    expect(classifyLink('/other-post/')).toEqual({ kind: 'local', href: '/other-post/' });
  });
  it('does nothing for everything else', () => {
    for (const href of [null, '', '#', 'javascript:alert(1)', ' JavaScript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', '//evil.example/x', 'ftp://x', 'http://', 'mailto:', 'tauri://localhost']) {
      expect(classifyLink(href)).toEqual({ kind: 'none' });
    }
  });
});
