/** docs/delivery.md's runnable examples (see test/support/markdown-examples.ts), run as a user runs them. */
import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

describeRunnableExamples("docs/delivery.md", 1);
