// What the root README's "Runs on" section tells users, in one place: the tests use exactly these, and
// readme.test.ts checks that the README says them.

/** Deno's permissions for the clients: the API's host, and PICTERRA_API_KEY / PICTERRA_BASE_URL. */
export const DENO_CLIENT_FLAGS = ["--allow-net", "--allow-env"] as const;

/** Deno's permissions for node-fs and the CLI: the clients' and the files they read and write. */
export const DENO_FILES_FLAGS = [...DENO_CLIENT_FLAGS, "--allow-read", "--allow-write"] as const;

/** workerd's outbound network for a local emulator: its default allows public addresses only. */
export const WORKERD_NETWORK = '(name = "internet", network = (allow = ["public", "private"]))';
