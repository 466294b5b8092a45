/// <reference types="node" />
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * A command's folder of temporary files (`nudgekit-replay-sort-…` in `parent`, or another prefix),
 * created on first use. It is removed by `remove()`, and on exit too (an error, Ctrl-C through
 * process.exit): temporary files must not pile up.
 */
export class TemporaryFolder {
  #path: Promise<string> | null = null;
  #created: string | null = null;
  readonly #removeOnExit = (): void => {
    if (this.#created === null) return;
    // A write still in flight on libuv's thread pool (a run being written when Ctrl-C came) can put
    // a file in a folder while it is being removed: then rmdir says ENOTEMPTY, and rmSync tries again.
    try {
      rmSync(this.#created, { recursive: true, force: true, maxRetries: 10, retryDelay: 10 });
    } catch {
      // Exiting anyway: nothing more can be done here.
    }
  };

  constructor(
    readonly parent: string,
    /** The start of the folder's name (the replay's sorted runs by default). */
    private readonly prefix = "nudgekit-replay-sort-",
  ) {}

  /** The folder's path (created now if it does not exist yet). */
  path(): Promise<string> {
    this.#path ??= mkdtemp(join(this.parent, this.prefix)).then((path) => {
      this.#created = path;
      process.on("exit", this.#removeOnExit);
      return path;
    });
    return this.#path;
  }

  /** A new folder inside it, for one kind of sorted runs. */
  async subfolder(name: string): Promise<string> {
    const path = join(await this.path(), name);
    await mkdir(path);
    return path;
  }

  /** Removes the folder and everything in it (if it was created). */
  async remove(): Promise<void> {
    const created = this.#created;
    this.#created = null;
    this.#path = null;
    process.off("exit", this.#removeOnExit);
    if (created !== null) await rm(created, { recursive: true, force: true });
  }
}
