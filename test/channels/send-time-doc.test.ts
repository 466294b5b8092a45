/** docs/send-time.md's runnable example (see test/support/markdown-examples.ts), run as a user runs it. */
import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

describeRunnableExamples("docs/send-time.md", 1);
