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
export const propertyValues = {
  "RasterUploadInput": {
    "cloud_coverage": {
      "minimum": 0,
      "maximum": 100
    }
  },
  "RasterEdit": {
    "cloud_coverage": {
      "minimum": 0,
      "maximum": 100
    }
  }
} as const;

/** The bounds of the operations' own (not named) parameters, by operationId and parameter. */
export const operationParameterValues = {
  "listRasters": {
    "max_cloud_coverage": {
      "minimum": 0,
      "maximum": 100
    }
  }
} as const;
