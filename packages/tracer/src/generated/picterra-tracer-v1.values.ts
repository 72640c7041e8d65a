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

/** The values of the document's named parameters (`PageSize`: page_size's bounds). */
export const parameterValues = {
  "PageNumber": {
    "minimum": 1,
    "default": 1
  },
  "PageSize": {
    "minimum": 1,
    "maximum": 1000
  }
} as const;

/** The bounds of the scalar properties of the schemas requests send, by schema and property. */
export const propertyValues = {} as const;

/** The bounds of the operations' own (not named) parameters, by operationId and parameter. */
export const operationParameterValues = {} as const;
