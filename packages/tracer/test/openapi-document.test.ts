import { join } from "node:path";
import { describe } from "vitest";
import { documentChecks } from "../../core/test/document-checks";

describe("openapi/picterra-tracer-v1.yaml", () => {
  documentChecks(join(__dirname, ".."), "picterra-tracer-v1");
});
