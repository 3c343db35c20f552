// Shared by tests only (never imported by the app): a post summary with
// plausible defaults, so each test states only the fields it is about.
import type { PostSummary } from './api';

export const postSummary = (id = 1, over: Partial<PostSummary> = {}): PostSummary => ({
  id,
  slug: `post-${id}`,
  title: `Post ${id}`,
  path: `post-${id}.md`,
  tags: [],
  categories: [],
  status: 'draft',
  date: null,
  updatedAt: '2024-01-01T00:00:00Z',
  kind: 'post',
  snippet: null,
  problem: null,
  ...over,
});
