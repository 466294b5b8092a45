import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PINNED_TZDB, pinnedTimeZones, pinnedZoneNames } from "../../src/time-zones/index.js";

/** The page with its line breaks and indentation as single spaces. */
const doc = readFileSync(new URL("../../docs/time-zones.md", import.meta.url), "utf8").replace(/\s+/g, " ");

describe("docs/time-zones.md", () => {
  it("states the pinned release, its source, its zones and its range as they are", () => {
    expect(doc).toContain(`**${PINNED_TZDB.version}** (from ${PINNED_TZDB.source})`);
    expect(doc).toContain(`tz database \`${pinnedTimeZones.version}\``);
    const links = readFileSync(new URL("../../src/time-zones/pinned/tzdb-data.generated.ts", import.meta.url), "utf8").match(/(\d+) zones and (\d+) links/)!;
    expect(Number(links[1]) + Number(links[2])).toBe(pinnedZoneNames().length);
    expect(doc).toContain(`All ${links[1]} zones and ${links[2]} links`);
    expect(doc).toContain(`${pinnedZoneNames().length} zones and links`);
    expect(doc).toContain(`from **${new Date(PINNED_TZDB.firstInstant).toISOString().slice(0, 10)}** to **${new Date(PINNED_TZDB.endInstant).toISOString().slice(0, 10)}**`);
  });

  it("quotes the sizes that docs/package.md's measured table gives", () => {
    const sizes = readFileSync(new URL("../../docs/package.md", import.meta.url), "utf8");
    const row = /\| `nudgekit\/time-zones` \(everything it exports\) \| ([\d.]+ kB) \| ([\d.]+ kB) \|/.exec(sizes)!;
    const pinned = /\| decide path with `pinnedTimeZones`[^|]*\| [\d.]+ kB \| ([\d.]+) kB \(\+([\d.]+) kB\) \|/.exec(sizes)!;
    const plain = /\*\*decide path\*\*[^|]*\| [\d.]+ kB \| \*\*([\d.]+) kB\*\*/.exec(sizes)!;
    expect(doc).toContain(`\`nudgekit/time-zones\` alone is ${row[1]} minified, ${row[2]} gzipped`);
    expect(doc).toContain(`it goes from ${plain[1]} kB to ${pinned[1]} kB gzipped`);
    expect(doc).toContain(`+${pinned[2]} kB on the decide path (${plain[1]} → ${pinned[1]} kB)`);
  });
});
