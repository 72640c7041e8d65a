/**
 * Generated from openapi/picterra-tracer-v1.yaml by `pnpm generate`.
 * Do not edit: change the document and regenerate.
 */

/** The values of the document's named scalar schemas: what the client checks before a request. */
export const schemaValues = {
  "ExportFormat": {
    "enum": [
      "excel",
      "geojson"
    ]
  },
  "PrecheckStatus": {
    "enum": [
      "passed",
      "failed"
    ]
  },
  "OperationStatus": {
    "enum": [
      "running",
      "success",
      "failed"
    ]
  },
  "GrantKind": {
    "enum": [
      "plots_group",
      "plots_analysis",
      "methodology"
    ]
  },
  "GranteeType": {
    "enum": [
      "user",
      "organization"
    ]
  },
  "GrantRole": {
    "enum": [
      "viewer",
      "editor"
    ]
  }
} as const;
