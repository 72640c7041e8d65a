import { createHash } from "node:crypto";

/** The EU Deforestation Regulation's cut-off: land deforested after this day makes a product non-compliant. */
export const EUDR_CUTOFF = "2020-12-31";

/** A kind of report a methodology offers. */
export interface ReportTypeDef {
  reportType: string;
  name: string;
  /** `metadata` keys a report of this type needs (a string each). */
  requiredMetadata: string[];
}

export interface MethodologyRecord {
  id: string;
  name: string;
  nameLower: string;
  /** The first day an analysis may cover (`YYYY-MM-DD`); the last is today (UTC). */
  earliestDate: string;
  reportTypes: ReportTypeDef[];
}

export const EUDR_EXPORT: ReportTypeDef = {
  reportType: "eudr_export",
  name: "EUDR export (TRACES NT)",
  requiredMetadata: [],
};

/** A due diligence statement names its operator, so it needs `metadata.operator_name`. */
export const EUDR_DUE_DILIGENCE: ReportTypeDef = {
  reportType: "eudr_due_diligence",
  name: "EUDR due diligence statement",
  requiredMetadata: ["operator_name"],
};

/** The seven commodities of the EUDR; coffee and cocoa also offer the due diligence statement. */
const SEEDS: { name: string; reportTypes: ReportTypeDef[] }[] = [
  { name: "Cattle - EUDR", reportTypes: [EUDR_EXPORT] },
  { name: "Cocoa - EUDR", reportTypes: [EUDR_EXPORT, EUDR_DUE_DILIGENCE] },
  { name: "Coffee - EUDR", reportTypes: [EUDR_EXPORT, EUDR_DUE_DILIGENCE] },
  { name: "Oil palm - EUDR", reportTypes: [EUDR_EXPORT] },
  { name: "Rubber - EUDR", reportTypes: [EUDR_EXPORT] },
  { name: "Soy - EUDR", reportTypes: [EUDR_EXPORT] },
  { name: "Wood - EUDR", reportTypes: [EUDR_EXPORT] },
];

/** The methodologies every emulator starts with; their ids are derived from their names, so they never change. */
export function seedMethodologies(): MethodologyRecord[] {
  return SEEDS.map(({ name, reportTypes }) => ({
    id: stableUuid(`methodology:${name}`),
    name,
    nameLower: name.toLowerCase(),
    earliestDate: EUDR_CUTOFF,
    reportTypes,
  }));
}

/** The last day an analysis may cover: today, in UTC. */
export function latestDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A UUID-shaped id that depends only on `text`. */
export function stableUuid(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
