// Test support shared by the packages' test suites; never published. Tests import it by the
// name `asyncio-ts-test-support` (a vitest alias and a tsconfig path), not by a relative path.
export { describeReadmeExamples } from "./readme-examples.js";
export { errorOf, gatherTasks, waitFor } from "./core-helpers.js";
export { typescriptHooksUrl, until } from "./threads.js";
export { type ProgramRun, startProgram } from "./programs.js";
export { shape, treeShape, withoutIds } from "./introspection.js";
export { runVirtual, virtualRunner, virtualTime } from "./virtual-time.js";
export { WAKE_CANCEL_ORDERS, type WakeCancelOrder, cancelledError, raceWakeAndCancel } from "./wake-races.js";
