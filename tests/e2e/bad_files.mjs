// The bad inputs of tests/e2e/bad_input.test.mjs, made at test time: what people drop on the
// Data page by mistake or get from a broken export. Small ones are buffers; large ones are
// written to a temporary file the caller removes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const csv = (text) => Buffer.from(text, 'utf8');
const file = (name, buffer) => ({ name, mimeType: 'application/octet-stream', buffer });

/** Ten good customers, the rows every damaged file below is built around. */
export function goodRows(from = 1, count = 10) {
  const cities = ['Berlin', 'Lyon', 'Porto', 'Leeds'];
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return `C${String(n).padStart(5, '0')},${20 + (n % 50)},${cities[n % 4]},${(n * 13.7).toFixed(2)}`;
  });
}
export const header = 'customer_id,age,city,spend';

/** A PNG of one red pixel, as an image exported from a slide would start. */
function png() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = zlib.deflateSync(Buffer.from([0, 255, 0, 0]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A one-page PDF, as a report saved from a BI tool would be. */
function pdf() {
  return csv('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
    + '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

/** A zip of `entries` ([name, text]), stored: local file headers with the bytes, a central
 * directory, its end record. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [n, text] of entries) {
    const name = Buffer.from(n);
    const data = csv(text);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The parts of a minimal .xlsx workbook, as Excel writes them first. */
function xlsx() {
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'],
    ['xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'],
    ['xl/worksheets/sheet1.xml', '<?xml version="1.0"?><worksheet/>'],
  ]);
}

/** The small bad inputs: each { file, rows: the good rows it holds (null: refused whole) }. */
export function smallCases() {
  const rows = goodRows();
  const mixed = Buffer.concat([
    csv([header, ...rows.slice(0, 5)].join('\n') + '\n'),
    // rows typed on a machine still writing Windows-1252: "ü" as the one byte 0xFC
    Buffer.from('C00011,44,D\xfcsseldorf,12.00\nC00015,45,D\xfcsseldorf,2.00\nC00016,46,D\xfcsseldorf,7.00\n', 'latin1'),
    csv([...rows.slice(5), 'C00012,51,Köln,3.50', 'C00013,52,Köln,4.50', 'C00014,53,Köln,5.50'].join('\n') + '\n'),
  ]);
  return [
    { file: file('empty.csv', Buffer.alloc(0)), rows: null },
    { file: file('header_only.csv', csv(header + '\n')), rows: 0 },
    { file: file('slide.png', png()), rows: null },
    { file: file('report.pdf', pdf()), rows: null },
    // an API's export of the same customers as JSON records
    { file: file('orders.json', csv(JSON.stringify(rows.map((r) => Object.fromEntries(header.split(',').map((h, i) => [h, r.split(',')[i]])))))), rows: null },
    { file: file('export.zip', zip([['customers.csv', [header, ...rows].join('\n') + '\n']])), rows: null },
    { file: file('customers.xlsx', xlsx()), rows: null },
    {
      // a row short of a field, one with two too many, and a blank line
      file: file('ragged.csv', csv([header, ...rows.slice(0, 4), 'C00090,33', ...rows.slice(4, 8), 'C00091,35,Rome,1.00,extra,more', '', ...rows.slice(8)].join('\n') + '\n')),
      rows: 10,
    },
    {
      // a note whose closing quote was lost: everything after it would be one field
      file: file('unterminated.csv', csv(['customer_id,age,city,spend,note', ...rows.slice(0, 5).map((r) => r + ',ok'), 'C00099,40,Oslo,5.00,"call me back',
        ...rows.slice(5).map((r) => r + ',ok')].join('\n') + '\n')),
      rows: 10,
    },
    { file: file('mixed_encoding.csv', mixed), rows: 12 },
    // no table: one line of 2.5 million cells (5 MB), which once hung the import for minutes
    { file: file('one_line.csv', Buffer.from('a,'.repeat(2_500_000))), rows: null },
  ];
}

/** Writes `lines()` (an iterator of arrays of lines) to a temporary file; returns its path. */
function writeLines(name, first, blocks) {
  const p = path.join(os.tmpdir(), `persona-bad-${process.pid}-${name}`);
  const fd = fs.openSync(p, 'w');
  fs.writeSync(fd, first + '\n');
  for (const block of blocks) fs.writeSync(fd, block);
  fs.closeSync(fd);
  return p;
}

/** A file of about `gib` GiB: orders, one line each, of 200,000 customers. */
export function hugeFile(gib = 1) {
  const block = [];
  for (let i = 0; i < 100_000; i++) {
    block.push(`O${String(i).padStart(9, '0')},C${String(i % 200_000).padStart(7, '0')},2025-0${1 + (i % 9)}-1${i % 10},${(10 + (i % 400)).toFixed(2)},web,some words of a note about the order`);
  }
  const text = Buffer.from(block.join('\n') + '\n');
  const blocks = Math.ceil((gib * 2 ** 30) / text.length);
  const p = writeLines('huge.csv', 'order_id,customer_id,order_date,amount,channel,note', (function* () { for (let b = 0; b < blocks; b++) yield text; })());
  return { path: p, rows: blocks * 100_000 };
}

/** 2,000 columns (an id, then 1,999 answers to a survey), 200 customers. */
export function wideFile() {
  const cols = ['customer_id', ...Array.from({ length: 1999 }, (_, i) => `q${i + 1}`)];
  const lines = [];
  for (let r = 0; r < 200; r++) {
    lines.push([`C${String(r).padStart(5, '0')}`, ...Array.from({ length: 1999 }, (_, i) => String((r * 7 + i * 3) % 5 + 1))].join(','));
  }
  return { path: writeLines('wide.csv', cols.join(','), [lines.join('\n') + '\n']), rows: 200, columns: 2000 };
}

/** A note of 10 MB in the middle of ten good rows (a pasted log, a base64 attachment). */
export function bigFieldFile() {
  const rows = goodRows().map((r) => r + ',fine');
  const field = '"' + 'x'.repeat(10 * 2 ** 20) + '"';
  const body = [...rows.slice(0, 5), `C00050,30,Riga,9.99,${field}`, ...rows.slice(5)].join('\n') + '\n';
  return { path: writeLines('big_field.csv', header + ',note', [body]), rows: 11 };
}

/** A million customers, each with their own id. */
export function millionIdsFile() {
  const cities = ['Berlin', 'Lyon', 'Porto', 'Leeds', 'Turin'];
  const blocks = function* () {
    for (let b = 0; b < 1_000_000; b += 50_000) {
      const lines = [];
      for (let i = b; i < b + 50_000; i++) lines.push(`C${String(i).padStart(7, '0')},${18 + (i % 60)},${cities[i % 5]},${(i % 997) + 0.5}`);
      yield lines.join('\n') + '\n';
    }
  };
  return { path: writeLines('million_ids.csv', header, blocks()), rows: 1_000_000 };
}
