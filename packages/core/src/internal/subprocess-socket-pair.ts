// A connected pair of Unix sockets, both ends in this process: Node has no pipe() or
// socketpair(), and a child's stdout and stderr can share one stream (stderr=STDOUT) only if
// the parent hands the child the same descriptor for both. Node's own stdio "pipes" are
// socket pairs as well, so the child sees the same kind of stream either way.
import { mkdtempSync, rmSync } from "node:fs";
import type { Server, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeNet } from "./node-builtins.js";

/**
 * Resolves with `[ours, theirs]`: two connected, paused sockets. Give `theirs` to the child
 * (and destroy it here once spawned); read `ours`.
 */
export function connectedSocketPair(): Promise<[ours: Socket, theirs: Socket]> {
  return new Promise((resolve, reject) => {
    // In a directory only this user can enter (mkdtemp makes it 0700), so that nobody else
    // can connect to the socket before we do and take the child's output.
    const directory = mkdtempSync(join(tmpdir(), "asyncio-ts-"));
    const path = join(directory, "s");
    const server: Server = nodeNet().createServer({ pauseOnConnect: true });
    server.once("close", () => rmSync(directory, { recursive: true, force: true }));
    let ours: Socket | undefined;
    let theirs: Socket | undefined;
    let connected = false;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      ours?.destroy();
      theirs?.destroy();
      server.close();
      reject(error);
    };
    const maybeDone = (): void => {
      if (settled || theirs === undefined || ours === undefined || !connected) return;
      settled = true;
      ours.off("error", fail);
      server.close();
      resolve([ours, theirs]);
    };
    server.once("connection", (socket: Socket) => {
      theirs = socket;
      maybeDone();
    });
    server.once("error", fail);
    server.listen(path, () => {
      ours = nodeNet().connect(path, () => {
        connected = true;
        ours?.pause();
        maybeDone();
      });
      ours.on("error", fail);
    });
  });
}
