import { describe, expect, it } from "vitest";
import { type PicterraClient, createClient } from "../src/index";
import { BASE_URL, KEY, SIGNED_URL, u } from "./helpers";

// An operation's lifecycle as callers see it: onCreated → (bytes) → onStarted → onPoll… → resolve. A fetch of
// the test's own answers the API and storage, and writes down every call, so that the order is the calls'.

type Answer = { status?: number; json?: unknown };

function recorder(answers: Record<string, Answer[]>) {
  const events: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const key = `${request.method} ${request.url}`;
    events.push(key);
    if (request.body) await request.arrayBuffer();
    const next = answers[key]?.shift();
    if (!next) return Response.json({ detail: `no answer for ${key}` }, { status: 500 });
    return next.json === undefined
      ? new Response(null, { status: next.status ?? 200 })
      : Response.json(next.json, { status: next.status ?? 200 });
  };
  const client: PicterraClient = createClient({ apiKey: KEY, baseUrl: BASE_URL, fetch });
  return { client, events };
}

const STARTED = { operation_id: "o1", poll_interval: 0.001 };
const POLL = `GET ${u("/operations/o1/")}`;

describe("onStarted", () => {
  it("runDetector: told the operation as soon as the run is answered, before the first poll", async () => {
    const { client, events } = recorder({
      [`POST ${u("/detectors/d1/run/")}`]: [{ status: 201, json: STARTED }],
      [POLL]: [{ json: { status: "running" } }, { json: { status: "success" } }],
    });
    const operationId = await client.runDetector("d1", "r1", {
      onStarted: async (operation) => {
        events.push(`started ${JSON.stringify(operation)}`);
      },
      onPoll: (operation) => void events.push(`poll ${operation.status}`),
    });
    expect(operationId).toBe("o1");
    expect(events).toEqual([
      `POST ${u("/detectors/d1/run/")}`,
      // The interval the wait makes: the server's 1 ms within POLL_INTERVAL (at least 10 ms).
      'started {"operationId":"o1","pollInterval":0.01}',
      POLL,
      "poll running",
      POLL,
      "poll success",
    ]);
  });

  it("an upload: onCreated before any byte, onStarted once the commit is answered, then the polls", async () => {
    const { client, events } = recorder({
      [`POST ${u("/rasters/upload/file/")}`]: [
        { status: 201, json: { upload_url: SIGNED_URL, raster_id: "r9" } },
      ],
      [`PUT ${SIGNED_URL}`]: [{ status: 200 }],
      [`POST ${u("/rasters/r9/commit/")}`]: [{ status: 201, json: STARTED }],
      [POLL]: [{ json: { status: "success" } }],
    });
    const id = await client.uploadRaster(new Uint8Array([1, 2, 3]), "a.tif", {
      onCreated: (created) => void events.push(`created ${created}`),
      onStarted: ({ operationId }) => void events.push(`started ${operationId}`),
      onPoll: (operation) => void events.push(`poll ${operation.status}`),
    });
    expect(id).toBe("r9");
    expect(events).toEqual([
      `POST ${u("/rasters/upload/file/")}`,
      "created r9",
      `PUT ${SIGNED_URL}`,
      `POST ${u("/rasters/r9/commit/")}`,
      "started o1",
      POLL,
      "poll success",
    ]);
  });

  it("an error it throws ends the call with that error before any poll (the operation runs on)", async () => {
    const { client, events } = recorder({
      [`POST ${u("/detectors/d1/run/")}`]: [{ status: 201, json: STARTED }],
      [POLL]: [{ json: { status: "success" } }],
    });
    const journalFull = new Error("the journal could not be written");
    const error = await client
      .runDetector("d1", "r1", {
        onStarted: () => {
          throw journalFull;
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBe(journalFull);
    expect(events).toEqual([`POST ${u("/detectors/d1/run/")}`]);
  });
});
