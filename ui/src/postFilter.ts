// The sidebar's tag, category, status and kind (post or page) filters, applied to search results on our side
// (list_posts applies them in the backend).
import type { ListFilter, PostSummary } from './api';

export function matchesFilter(post: PostSummary, filter: ListFilter): boolean {
  if (filter.status && post.status !== filter.status) return false;
  if (filter.kind && post.kind !== filter.kind) return false;
  if (filter.tag) {
    const tag = filter.tag.toLowerCase();
    if (!post.tags.some((t) => t.toLowerCase() === tag)) return false;
  }
  if (filter.category) {
    const category = filter.category.toLowerCase();
    if (!post.categories.some((c) => c.toLowerCase() === category)) return false;
  }
  return true;
}

export function isFiltered(query: string, filter: ListFilter): boolean {
  return (
    query.trim() !== '' ||
    filter.tag !== null ||
    filter.status !== null ||
    !!filter.category ||
    filter.kind === 'page'
  );
}
