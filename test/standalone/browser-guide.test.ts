/** docs/guides/browser.md: its runnable example (emit an engine module, import it, decide) prints what the page shows. */
import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

describeRunnableExamples("docs/guides/browser.md", 1);
