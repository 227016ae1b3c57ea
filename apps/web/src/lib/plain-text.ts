/**
 * Markdown, as publishers write it into one-line descriptions ("## ✨ Key Features - **Smart**"),
 * turned into the plain text a card shows: link and image text kept, emphasis, code and heading
 * marks dropped, whitespace collapsed. `<mark>` from the Hub's highlights passes through
 * untouched; other HTML is escaped later (markOnly), not here.
 */
export function plainText(markdown: string): string {
  return (
    markdown
      // ![alt](src) and [text](href): the words only.
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`+/g, '')
      // Headings, quotes and list bullets: at the start, or mid-line in a flattened description.
      .replace(/(^|\s)(#{1,6}|>|[-*+])(?=\s)/g, '$1')
      // Bold and emphasis: runs of * or _ anywhere, single ones only at a word's edge (snake_case stays).
      .replace(/\*{2,}|_{2,}/g, '')
      .replace(/(^|[\s(])[*_](?=\S)/g, '$1')
      .replace(/(\S)[*_](?=[\s).,;:!?]|$)/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
