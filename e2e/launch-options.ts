import { existsSync } from "node:fs";

// The system's Chromium (Debian: apt-get install chromium) unless CHROMIUM_PATH says otherwise;
// with neither, Playwright's own download is used.
const executablePath =
  process.env.CHROMIUM_PATH ??
  ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));

/** How every Playwright config here launches Chromium: flags that work on a machine with no internet. */
export const launchOptions = {
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
