// Front matter (`---` YAML or `+++` TOML at the very top) as one quiet block, so
// the editor does not read `title: x` followed by `---` as a setext heading.
import type { BlockContext, Line, MarkdownConfig } from '@lezer/markdown';
import { tags as t } from '@lezer/highlight';

export const frontMatterSyntax: MarkdownConfig = {
  defineNodes: [
    { name: 'FrontMatter', block: true, style: t.meta },
    { name: 'FrontMatterMark', style: t.processingInstruction },
  ],
  parseBlock: [
    {
      name: 'FrontMatter',
      before: 'HorizontalRule',
      parse(cx: BlockContext, line: Line): boolean {
        if (cx.lineStart !== 0 || cx.parentType().name !== 'Document') return false;
        const fence = line.text.trimEnd();
        if (fence !== '---' && fence !== '+++') return false;
        const start = cx.lineStart;
        const marks = [cx.elt('FrontMatterMark', start, start + 3)];
        let end = start + line.text.length;
        while (cx.nextLine()) {
          if (line.text.trim()) end = cx.lineStart + line.text.length;
          if (line.text.trimEnd() === fence) {
            marks.push(cx.elt('FrontMatterMark', cx.lineStart, cx.lineStart + 3));
            cx.nextLine();
            break;
          }
        }
        cx.addElement(cx.elt('FrontMatter', start, end, marks));
        return true;
      },
    },
  ],
};
