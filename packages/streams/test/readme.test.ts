import { describeReadmeExamples } from "asyncio-ts-test-support";

describeReadmeExamples(new URL("../README.md", import.meta.url));
