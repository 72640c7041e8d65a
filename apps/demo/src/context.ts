import type { PicterraClient, Progress } from "@picterra/core";
import type { TracerClient } from "@picterra/tracer";
import type { Steps } from "./steps";

/** What every part of the workflow (Forge, the projected raster, EUDR on Tracer) works with. */
export interface DemoContext {
  /** Picterra's API v2 (Forge). */
  client: PicterraClient;
  /** Picterra Tracer (plots analysis API v1). */
  tracer: TracerClient;
  /** Where the results and pictures go. */
  outDir: string;
  /** A temporary folder for files nobody needs to keep (deleted at the end). */
  work: string;
  /** Prefix of the names of everything the workflow creates. */
  name: string;
  signal?: AbortSignal;
  /** Prints a line (the ✓ lines go through `steps`; this is for the details under them). */
  log: (line: string) => void;
  /** Makes a progress callback for an upload labelled `label`. */
  progress: (label: string) => ((progress: Progress) => void) | undefined;
  steps: Steps;
  /** Whether the detector must find exactly the drawn objects (see `WorkflowOptions.exactDetections`). */
  exactDetections: boolean;
}
