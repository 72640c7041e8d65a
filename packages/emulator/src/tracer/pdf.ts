import type { PDFFont, PDFPage } from "pdf-lib";
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

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const ROW = 15;
const COLUMNS = [
  { title: "Plot id", x: MARGIN, width: 190 },
  { title: "Area (ha)", x: 250, width: 70 },
  { title: "Outcome", x: 330, width: 130 },
  { title: "Forest loss on", x: 470, width: 80 },
];

/**
 * A readable summary of a report: a heading, the analysis, its period and counts, then one table row per plot
 * (id, area, outcome, forest loss day), over as many A4 pages as it takes. The report's name is the PDF's title
 * and the analysis's name its subject, so a reader (or a test) finds them without reading the pages.
 */
export async function summaryPdf(summary: ReportSummary): Promise<Uint8Array> {
  // Loaded on first use: most emulator runs make no PDF.
  const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  doc.setTitle(winAnsi(regular, summary.reportName));
  doc.setSubject(winAnsi(regular, summary.analysisName));
  doc.setAuthor("Picterra Tracer (emulated)");
  doc.setProducer("@picterra/emulator");

  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const text = (p: PDFPage, value: string, x: number, font: PDFFont, size: number, width?: number) =>
    p.drawText(fit(font, winAnsi(font, value), size, width), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });

  text(page, summary.heading, MARGIN, bold, 16);
  y -= 26;
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
    text(page, `${label}:`, MARGIN, bold, 10);
    text(page, value, 150, regular, 10, A4[0] - MARGIN - 150);
    y -= ROW;
  }
  y -= ROW;
  const header = () => {
    for (const c of COLUMNS) text(page, c.title, c.x, bold, 10, c.width);
    y -= ROW;
  };
  header();
  for (const r of summary.results) {
    if (y < MARGIN + ROW) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
      header();
    }
    const cells = [r.plotId, formatHa(r.areaHa), outcomeLabel(r.outcome), r.forestLossDate ?? "-"];
    for (const [i, c] of COLUMNS.entries()) text(page, cells[i]!, c.x, regular, 10, c.width);
    y -= ROW;
  }
  const pages = doc.getPages();
  for (const [i, p] of pages.entries()) {
    p.drawText(`Page ${i + 1} of ${pages.length}`, { x: MARGIN, y: MARGIN / 2, size: 8, font: regular });
  }
  return doc.save();
}

function formatHa(value: number): string {
  return value.toFixed(2);
}

/** The text with every character the standard font cannot encode (WinAnsi) replaced by `?`. */
function winAnsi(font: PDFFont, value: string): string {
  const known = new Set(font.getCharacterSet());
  return [...value].map((c) => (known.has(c.codePointAt(0)!) ? c : "?")).join("");
}

/** The text cut (with an ellipsis) to fit `width` points. */
function fit(font: PDFFont, value: string, size: number, width: number | undefined): string {
  if (width === undefined || font.widthOfTextAtSize(value, size) <= width) return value;
  let cut = value;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
