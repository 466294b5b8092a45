import { execFileSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

/** Names a system Chromium is installed under (Debian: chromium; Ubuntu and others: chromium-browser). */
const CHROMIUM_NAMES = ["chromium", "chromium-browser"] as const;

/** The path of a program on the PATH (`command -v`), or undefined. */
function lookup(name: string): string | undefined {
  try {
    const path = execFileSync("sh", ["-c", 'command -v "$1"', "sh", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return path === "" ? undefined : path;
  } catch {
    return undefined; // `command -v` exits 1 when there is no such program
  }
}

/**
 * The installed Chromium's executable, or undefined. Never downloads a browser: the tests use the
 * one the system provides (CI: Debian's `chromium` package).
 */
export function findChromium(): string | undefined {
  for (const name of CHROMIUM_NAMES) {
    const path = lookup(name);
    if (path !== undefined) return path;
  }
  return undefined;
}

/** Launches that Chromium headless, with nothing running in the background (no network, no updates). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}
