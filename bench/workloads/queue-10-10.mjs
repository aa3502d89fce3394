// Items through a Queue(100): 10 producer(s) and 10 consumer(s).
import { queueThroughput } from "../queue-throughput.mjs";

// The Python twin is not queue.py: that would shadow the stdlib module.
export const { description, unit, count, implementations, python } = queueThroughput(10, 10, "queue_10_10.py");
