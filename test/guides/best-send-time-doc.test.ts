/** docs/guides/best-send-time.md's runnable examples (see test/support/markdown-examples.ts), run as a user runs them. */
import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

describeRunnableExamples("docs/guides/best-send-time.md", 3);
