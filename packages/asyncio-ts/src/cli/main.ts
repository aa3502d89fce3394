#!/usr/bin/env node
// The `asyncio-ts` command (see task-tree-client.ts): `asyncio-ts ps PID`, `asyncio-ts pstree PID`.
import { runCli } from "./task-tree-client.js";

void runCli(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
