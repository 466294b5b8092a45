import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

// docs/guides/rich-content.md: the example shop's structured messages, drawn as an app would.
describeRunnableExamples("docs/guides/rich-content.md", 2);
