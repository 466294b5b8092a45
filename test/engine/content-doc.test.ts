import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

// docs/content.md: structured content, its escaping and its errors, as the page shows them.
describeRunnableExamples("docs/content.md", 4);
