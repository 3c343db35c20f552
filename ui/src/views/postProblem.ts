// The notice above the editor when the open post's front matter could not be read.
// It never blocks editing: the writer fixes the front matter in the text and the
// next save brings a post without a problem, which hides the notice.

export class PostProblemNotice {
  constructor(private readonly el: HTMLElement) {}

  /** Shows the backend's reason (plain text), or hides the notice for null. */
  show(problem: string | null | undefined): void {
    const reason = problem?.trim().replace(/[.\s]+$/, '') ?? '';
    if (!reason) {
      this.el.hidden = true;
      this.el.textContent = '';
      return;
    }
    const text = `Quire could not read this post's front matter: ${reason}. Fix it in the text; the post is saved as you type.`;
    if (this.el.textContent !== text) this.el.textContent = text;
    this.el.hidden = false;
  }
}
