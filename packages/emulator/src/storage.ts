import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { CORS_HEADERS, xmlError } from "./http";
import { type BodyFault, serveFile } from "./storage-get";
import type { UploadRecord } from "./state";

/** Where signed URLs live on the emulator's own server. */
export const STORAGE_PREFIX = "/storage/";
const SIGNATURE = "X-Emulator-Signature";
const EXPIRES = "X-Emulator-Expires";
/**
 * What a PUT buffers before the request waits for the disk: writes of up to 4 MiB at once (fs.writev of what
 * arrived meanwhile) take 0.4× the CPU of the default 16 KiB (one write per socket chunk), and 0.8× of 1 MiB.
 */
const WRITE_BUFFER = 4 * 1024 * 1024;

interface Grant {
  method: "GET" | "PUT";
  path: string;
  expiresAt: number;
  file?: string;
  contentType?: string;
  upload?: UploadRecord;
}

export interface StorageStats {
  uploads: number;
  bytesStored: number;
}

/**
 * Fake cloud storage behind signed URLs: each URL holds an unguessable signature, expires, and is good for one
 * method on one object; an upload URL takes exactly one PUT. Bytes stream to and from disk, never into memory.
 */
export class Storage {
  private readonly grants = new Map<string, Grant>();
  private signedSincePurge = 0;
  readonly stats: StorageStats = { uploads: 0, bytesStored: 0 };

  constructor(private readonly ttlMs: number) {}

  /** A signed URL to GET a file (answered with `contentType`). */
  signGet(origin: string, object: string, file: string, contentType: string): string {
    return this.sign(origin, object, { method: "GET", file, contentType }).url;
  }

  /** A signed URL to GET a file, and when it expires (ms since the epoch). */
  signGetExpiring(
    origin: string,
    object: string,
    file: string,
    contentType: string,
  ): { url: string; expiresAt: number } {
    return this.sign(origin, object, { method: "GET", file, contentType });
  }

  /** A signed URL that accepts one PUT of an upload's bytes. */
  signPut(origin: string, object: string, upload: UploadRecord): string {
    return this.sign(origin, object, { method: "PUT", upload }).url;
  }

  private sign(
    origin: string,
    object: string,
    grant: Omit<Grant, "path" | "expiresAt">,
  ): { url: string; expiresAt: number } {
    if (++this.signedSincePurge >= 1024) this.purge();
    const signature = randomBytes(24).toString("base64url");
    const path = `${STORAGE_PREFIX}${object}`;
    const expiresAt = Date.now() + this.ttlMs;
    this.grants.set(signature, { ...grant, path, expiresAt });
    const url = `${origin}${path}?${EXPIRES}=${Math.ceil(expiresAt / 1000)}&${SIGNATURE}=${signature}`;
    return { url, expiresAt };
  }

  /** Forgets grants long expired (an expired one is kept a while, so that it answers "expired"). */
  private purge(): void {
    this.signedSincePurge = 0;
    const horizon = Date.now() - this.ttlMs;
    for (const [signature, grant] of this.grants)
      if (grant.expiresAt < horizon) this.grants.delete(signature);
  }

  /** Answers one storage request; a `bodyFault` cuts or stalls the body of a GET. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    bodyFault: BodyFault | null = null,
  ): Promise<number> {
    if (req.headers["x-api-key"] !== undefined) {
      return xmlError(
        req,
        res,
        400,
        "InvalidRequest",
        "Storage requests must not carry the X-Api-Key header: the Picterra API key leaked to a signed storage URL.",
      );
    }
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    if (method !== "GET" && method !== "PUT") {
      return xmlError(req, res, 405, "MethodNotAllowed", `${req.method} is not allowed on signed URLs.`, {
        Allow: "GET, HEAD, PUT",
      });
    }
    const grant = this.grants.get(url.searchParams.get(SIGNATURE) ?? "");
    if (!grant || grant.path !== url.pathname) {
      return xmlError(req, res, 403, "SignatureDoesNotMatch", "The request signature does not match.");
    }
    if (grant.method !== method) {
      return xmlError(req, res, 403, "SignatureDoesNotMatch", `This URL is signed for ${grant.method} only.`);
    }
    if (Date.now() > grant.expiresAt) return xmlError(req, res, 403, "AccessDenied", "Request has expired");
    if (method === "PUT") return this.put(req, res, grant.upload!);
    return serveFile(req, res, grant.file!, grant.contentType ?? "application/octet-stream", bodyFault);
  }

  private async put(req: IncomingMessage, res: ServerResponse, upload: UploadRecord): Promise<number> {
    if (upload.received) {
      return xmlError(
        req,
        res,
        403,
        "AccessDenied",
        "This upload URL was already used: it takes exactly one PUT.",
      );
    }
    if (upload.receiving) {
      return xmlError(req, res, 409, "OperationAborted", "Another PUT to this upload URL is in progress.");
    }
    upload.receiving = true;
    const partial = `${upload.file}.part`;
    const out = createWriteStream(partial, { highWaterMark: WRITE_BUFFER });
    try {
      await pipeline(req, out);
      await rename(partial, upload.file);
    } catch {
      // The client went away mid-body: nothing was stored, and the URL may be used again.
      upload.receiving = false;
      await rm(partial, { force: true });
      if (!res.headersSent && !res.destroyed)
        return xmlError(req, res, 400, "IncompleteBody", "The body was cut.");
      return 0;
    }
    upload.receiving = false;
    upload.received = true;
    this.stats.uploads++;
    this.stats.bytesStored += out.bytesWritten;
    res.writeHead(200, { ...CORS_HEADERS, "Content-Length": "0" });
    res.end();
    return 200;
  }
}
