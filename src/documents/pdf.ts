import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

/**
 * PDF documents filled from the record. The fonts are read once, here, as bytes; documents
 * themselves may not read local files or fetch URLs (an image path or URL in a document is refused).
 */
const fontDir = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
// The fonts go into pdfmake's in-memory file system, so rendering needs no file access at all.
const fonts = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' };
for (const file of Object.values(fonts)) pdfmake.virtualfs.writeFileSync(file, readFileSync(join(fontDir, file)));
pdfmake.setFonts({ Roboto: fonts });
pdfmake.setLocalAccessPolicy(() => false);
pdfmake.setUrlAccessPolicy(() => false);

export type Block = { heading: string; rows: [string, string | null | undefined][] } | { heading: string; list: string[] } | { heading: string; text: string | null | undefined };

/** A document: a title, a subtitle (reference and date), then sections of label/value rows, lists or text. */
export async function renderPdf(doc: { title: string; subtitle: string; blocks: Block[] }): Promise<Buffer> {
  const content: unknown[] = [
    { text: 'OFFICIAL-SENSITIVE', style: 'marking' },
    { text: doc.title, style: 'title' },
    { text: doc.subtitle, style: 'subtitle' },
  ];
  for (const b of doc.blocks) {
    content.push({ text: b.heading, style: 'heading' });
    if ('rows' in b) {
      content.push({ table: { widths: [150, '*'], body: b.rows.map(([k, v]) => [{ text: k, bold: true }, v ? String(v) : 'Not recorded']) }, layout: 'lightHorizontalLines' });
    } else if ('list' in b) {
      content.push(b.list.length ? { ul: b.list } : { text: 'None recorded', italics: true });
    } else {
      content.push({ text: b.text || 'Not recorded' });
    }
  }
  return pdfmake
    .createPdf({
      info: { title: doc.title },
      content,
      defaultStyle: { font: 'Roboto', fontSize: 10 },
      styles: { marking: { alignment: 'center', bold: true, fontSize: 9 }, title: { fontSize: 16, bold: true, margin: [0, 8, 0, 2] }, subtitle: { fontSize: 10, color: '#505a5f', margin: [0, 0, 0, 8] }, heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] } },
      footer: (page: number, pages: number) => ({ text: `${doc.title}: page ${page} of ${pages}`, alignment: 'center', fontSize: 8 }),
    })
    .getBuffer();
}
