import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
export async function pdfText(buffer) {
  const doc = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const c = await page.getTextContent();
    out += c.items.map((it) => it.str).join(' ') + '\n';
  }
  return out;
}
