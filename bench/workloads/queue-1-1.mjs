// Items through a Queue(100): 1 producer(s) and 1 consumer(s).
import { queueThroughput } from "../queue-throughput.mjs";

// The Python twin is not queue.py: that would shadow the stdlib module.
export const { description, unit, count, implementations, python } = queueThroughput(1, 1, "queue_1_1.py");
