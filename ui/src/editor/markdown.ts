// Markdown with GitHub's extensions (tables, task lists, strikethrough) and front
// matter, the keymap that continues lists and quotes on Enter, and pasting a URL
// over a selection makes a link. Built from parts rather than `markdown()` so the
// HTML, CSS and JavaScript modes that function pulls in stay out of the bundle.
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from '@codemirror/lang-markdown';
import { Language, LanguageSupport } from '@codemirror/language';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import type { MarkdownParser } from '@lezer/markdown';
import { frontMatterSyntax } from './frontMatter';

// Same language data as markdownLanguage, so its commands see this as Markdown.
const language = new Language(
  markdownLanguage.data,
  (markdownLanguage.parser as MarkdownParser).configure([frontMatterSyntax]),
  [],
  'markdown',
);

export const markdown = [new LanguageSupport(language), Prec.high(keymap.of(markdownKeymap)), pasteURLAsLink];
