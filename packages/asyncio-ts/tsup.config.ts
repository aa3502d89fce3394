import { packageBuildConfig } from "../../tsup.shared.ts";
// The `asyncio-ts` command (bin) is built next to the library.
export default packageBuildConfig({ entry: { index: "src/index.ts", cli: "src/cli/main.ts" } });
