/**
 * Generated from openapi/picterra-v2.yaml by `pnpm generate`.
 * Do not edit: change the document and regenerate.
 */

/** The values of the document's named scalar schemas: what the client checks before a request. */
export const schemaValues = {
  "RasterStatus": {
    "enum": [
      "pending",
      "processing",
      "ready",
      "failed"
    ]
  },
  "Multispectral": {
    "default": true
  },
  "DetectionType": {
    "enum": [
      "count",
      "segmentation"
    ],
    "default": "count"
  },
  "OutputType": {
    "enum": [
      "polygon",
      "bbox"
    ],
    "default": "polygon"
  },
  "TrainingSteps": {
    "minimum": 500,
    "maximum": 40000,
    "default": 500
  },
  "Backbone": {
    "enum": [
      "resnet18",
      "resnet34",
      "resnet50"
    ],
    "default": "resnet34"
  },
  "TileSize": {
    "minimum": 1,
    "default": 256
  },
  "BackgroundSampleRatio": {
    "minimum": 0,
    "maximum": 1,
    "default": 0.25
  },
  "AnnotationType": {
    "enum": [
      "outline",
      "training_area",
      "testing_area",
      "validation_area"
    ]
  },
  "OperationStatus": {
    "enum": [
      "running",
      "success",
      "failed"
    ]
  },
  "HexColor": {
    "pattern": "^#[0-9a-fA-F]{6}$"
  },
  "GrantKind": {
    "enum": [
      "folder",
      "detector"
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
