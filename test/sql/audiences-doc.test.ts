import { describeRunnableExamples } from "../support/runnable-examples-suite.js";

// docs/audiences.md: its examples translate a set and run a segment on DuckDB beside nudgekit.
describeRunnableExamples("docs/audiences.md", 2);
