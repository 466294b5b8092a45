/** docs/guides/sending-push-payloads.md's runnable examples (see test/support/markdown-examples.ts), run as a user runs them. */
import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

describeRunnableExamples("docs/guides/sending-push-payloads.md", 7);
