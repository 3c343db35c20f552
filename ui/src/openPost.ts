// The post open in the editor, as the editor pane (editorPane.ts), the app and
// the handling of outside changes (openPostSync.ts) share it.
import type { Post, PostFields } from './api';
import type { AutoSaver } from './autosaver';

export interface OpenPost {
  id: number;
  /** The post as the backend last returned it. */
  post: Post;
  saver: AutoSaver;
  /** Field edits not yet sent. */
  pending: PostFields;
  /**
   * Set while the conflict banner asks the writer: the outside text, and the text
   * both sides last agreed on (the base of a merge).
   */
  conflict: { theirs: string; base: string } | null;
  /** Deleted outside Quire with unsaved edits: shown read-only until restored or left. */
  gone: boolean;
}

/** The post's title as notices name it. */
export const titleOf = (open: OpenPost): string => open.post.title.trim() || 'Untitled';
