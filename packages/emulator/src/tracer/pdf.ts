import { deflateSync } from "node:zlib";
import { type PlotResult, outcomeLabel } from "./outcome";

/** What a report's summary PDF shows. */
export interface ReportSummary {
  /** The report type's name, the page's heading. */
  heading: string;
  reportName: string;
  analysisName: string;
  plotsGroupName: string;
  methodologyName: string;
  dateFrom: string;
  dateTo: string;
  /** Extra "label: value" lines (e.g. the operator of a due diligence statement). */
  extra: [string, string][];
  results: PlotResult[];
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const ROW = 15;
const COLUMNS = [
  { title: "Plot id", x: MARGIN, width: 190 },
  { title: "Area (ha)", x: 250, width: 70 },
  { title: "Outcome", x: 330, width: 130 },
  { title: "Forest loss on", x: 470, width: 80 },
];

/** One of the two standard fonts the summary uses, with its glyph widths (1/1000 em) of ASCII 32..126. */
interface Font {
  resource: "F1" | "F2";
  base: string;
  ascii: readonly number[];
  /** Width of the other characters (accented letters are as wide as their base letter's average). */
  other: number;
}

// From the Adobe font metrics (AFM) of the 14 standard PDF fonts: every reader has these fonts built in.
const REGULAR: Font = {
  resource: "F1",
  base: "Helvetica",
  // biome-ignore format: a table
  ascii: [278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584],
  other: 556,
};
const BOLD: Font = {
  resource: "F2",
  base: "Helvetica-Bold",
  // biome-ignore format: a table
  ascii: [278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584],
  other: 611,
};

/** WinAnsi (Windows-1252) codes of the characters above 0x7f that are not Latin-1's own. */
const WIN_ANSI_EXTRA = new Map<string, number>(
  [..."€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ"]
    .map((c, i): [string, number] => [c, 0x80 + i])
    .filter(([c]) => c.codePointAt(0)! > 0xff),
);
const ELLIPSIS = 0x85;
const QUESTION = 0x3f;

/** A text as the standard fonts' WinAnsi codes; a character they cannot show becomes `?`. */
function winAnsi(value: string): number[] {
  return [...value].map((c) => {
    const code = c.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
    return WIN_ANSI_EXTRA.get(c) ?? QUESTION;
  });
}

function widthOf(font: Font, codes: number[], size: number): number {
  let units = 0;
  for (const code of codes) {
    if (code === ELLIPSIS) units += 1000;
    else units += code >= 0x20 && code <= 0x7e ? font.ascii[code - 0x20]! : font.other;
  }
  return (units * size) / 1000;
}

/** The codes cut (with an ellipsis) to fit `width` points. */
function fit(font: Font, codes: number[], size: number, width: number | undefined): number[] {
  if (width === undefined || widthOf(font, codes, size) <= width) return codes;
  let cut = codes;
  while (cut.length > 1 && widthOf(font, [...cut, ELLIPSIS], size) > width) cut = cut.slice(0, -1);
  return [...cut, ELLIPSIS];
}

/** The drawing operators of one page. */
class Page {
  readonly ops: string[] = [];
  y = A4.height - MARGIN;

  text(value: string, x: number, font: Font, size: number, width?: number, y = this.y): void {
    const hex = Buffer.from(fit(font, winAnsi(value), size, width)).toString("hex");
    this.ops.push(`BT /${font.resource} ${size} Tf ${x} ${y.toFixed(2)} Td <${hex}> Tj ET`);
  }
}

/**
 * A readable summary of a report: a heading, the analysis, its period and counts, then one table row per plot
 * (id, area, outcome, forest loss day), over as many A4 pages as it takes. The report's name is the PDF's title
 * and the analysis's name its subject, so a reader (or a test) finds them without reading the pages. Written by
 * hand (PDF 1.4, the two standard Helvetica fonts): a library for it would weigh megabytes.
 */
export function summaryPdf(summary: ReportSummary): Uint8Array {
  let page = new Page();
  const pages = [page];
  page.text(summary.heading, MARGIN, BOLD, 16);
  page.y -= 26;
  const detected = summary.results.filter((r) => r.outcome === "deforestation_detected").length;
  const area = summary.results.reduce((sum, r) => sum + r.areaHa, 0);
  const lines: [string, string][] = [
    ["Report", summary.reportName],
    ["Analysis", summary.analysisName],
    ["Plots group", summary.plotsGroupName],
    ["Methodology", summary.methodologyName],
    ["Period", `${summary.dateFrom} to ${summary.dateTo}`],
    ...summary.extra,
    ["Plots", `${summary.results.length}, of which ${detected} with deforestation detected`],
    ["Total area", `${formatHa(area)} ha`],
  ];
  for (const [label, value] of lines) {
    page.text(`${label}:`, MARGIN, BOLD, 10);
    page.text(value, 150, REGULAR, 10, A4.width - MARGIN - 150);
    page.y -= ROW;
  }
  page.y -= ROW;
  const header = () => {
    for (const c of COLUMNS) page.text(c.title, c.x, BOLD, 10, c.width);
    page.y -= ROW;
  };
  header();
  for (const r of summary.results) {
    if (page.y < MARGIN + ROW) {
      page = new Page();
      pages.push(page);
      header();
    }
    const cells = [r.plotId, formatHa(r.areaHa), outcomeLabel(r.outcome), r.forestLossDate ?? "-"];
    for (const [i, c] of COLUMNS.entries()) page.text(cells[i]!, c.x, REGULAR, 10, c.width);
    page.y -= ROW;
  }
  for (const [i, p] of pages.entries())
    p.text(`Page ${i + 1} of ${pages.length}`, MARGIN, REGULAR, 8, undefined, MARGIN / 2);
  return writePdf(pages, {
    Title: summary.reportName,
    Subject: summary.analysisName,
    Author: "Picterra Tracer (emulated)",
    Producer: "@picterra/emulator",
  });
}

function formatHa(value: number): string {
  return value.toFixed(2);
}

/** A text string of the document information: UTF-16BE with its byte order mark, as hex. */
function infoString(value: string): string {
  const units = Buffer.alloc(value.length * 2);
  for (let i = 0; i < value.length; i++) units.writeUInt16BE(value.charCodeAt(i), i * 2);
  return `<FEFF${units.toString("hex").toUpperCase()}>`;
}

/** The file: catalog, page tree, fonts, information, each page and its (deflated) content, the xref table. */
function writePdf(pages: Page[], info: Record<string, string>): Uint8Array {
  const objects: Buffer[] = [];
  const add = (body: string | Buffer) => {
    objects.push(typeof body === "string" ? Buffer.from(body, "latin1") : body);
    return objects.length;
  };
  const catalog = add("<< /Type /Catalog /Pages 2 0 R >>");
  add(""); // the page tree, once its kids are known
  const fonts = [REGULAR, BOLD].map(
    (f) =>
      `/${f.resource} ${add(`<< /Type /Font /Subtype /Type1 /BaseFont /${f.base} /Encoding /WinAnsiEncoding >>`)} 0 R`,
  );
  const infoRef = add(
    `<< ${Object.entries(info)
      .map(([k, v]) => `/${k} ${infoString(v)}`)
      .join(" ")} >>`,
  );
  const kids = pages.map((p) => {
    const content = deflateSync(Buffer.from(p.ops.join("\n"), "latin1"));
    const stream = add(
      Buffer.concat([
        Buffer.from(`<< /Length ${content.byteLength} /Filter /FlateDecode >>\nstream\n`, "latin1"),
        content,
        Buffer.from("\nendstream", "latin1"),
      ]),
    );
    return add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << ${fonts.join(" ")} >> >> /Contents ${stream} 0 R >>`,
    );
  });
  objects[1] = Buffer.from(
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`,
  );

  // The binary comment tells transfer tools the file is not text.
  const parts = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = parts[0]!.byteLength;
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(offset);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    parts.push(object);
    offset += object.byteLength;
  }
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${infoRef} 0 R >>`,
    "startxref",
    String(offset),
    "%%EOF\n",
  ];
  parts.push(Buffer.from(xref.join("\n"), "latin1"));
  return new Uint8Array(Buffer.concat(parts));
}
