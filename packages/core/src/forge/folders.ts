import { checkString } from "../machinery/validate";
import type { CallOptions, Folder, Forge } from "./schemas";

export async function createFolder(t: Forge, name: string, options: CallOptions = {}): Promise<Folder> {
  return t.expectData(
    t.api.POST("/folders/", { body: { name: checkString("name", name) }, signal: options.signal }),
    201,
  );
}
