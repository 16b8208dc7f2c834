import { fileTypeFromBuffer } from "file-type";
import { DomainError } from "@/lib/domain-error";

/** How many leading bytes are read back to tell a file's type (file-type's own default sample). */
export const SNIFF_BYTES = 4100;

/** Types file-type finds that a computer would run: Windows, Linux and macOS programs, installers. */
const EXECUTABLE_TYPES = new Set(["exe", "elf", "macho", "wasm", "class", "dex", "lnk", "apk"]);

/**
 * Names that run when opened, whatever their bytes say: scripts have no magic number to sniff,
 * so their names are refused too (Windows runs a .bat by its name alone).
 */
const EXECUTABLE_EXTENSIONS = new Set([
  "exe",
  "com",
  "scr",
  "pif",
  "msi",
  "msp",
  "bat",
  "cmd",
  "ps1",
  "psm1",
  "vbs",
  "vbe",
  "js",
  "jse",
  "wsf",
  "wsh",
  "hta",
  "cpl",
  "jar",
  "sh",
  "bash",
  "zsh",
  "csh",
  "ksh",
  "command",
  "app",
  "run",

  "dll",
  "so",
  "dylib",
  "apk",
  "appimage",
  "reg",
  "lnk",
  "scf",
  "gadget",
  "deb",
  "rpm",
  "pkg",
]);

const extensionOf = (fileName: string) => /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";

export const executableRefused = (fileName: string) =>
  new DomainError("file_refused", `Executable files can't be attached (${fileName}).`);

/** Refuses a name that runs when opened, before any byte is uploaded. */
export function requireHarmlessName(fileName: string) {
  if (EXECUTABLE_EXTENSIONS.has(extensionOf(fileName))) throw executableRefused(fileName);
}

/**
 * The file's real type, from its first bytes (never from its name or what the browser said), or
 * a refusal for a program or a script. A type nothing recognises (plain text, CSV) is served as
 * an opaque download, so it is application/octet-stream.
 */
export async function sniffContentType(head: Uint8Array, fileName: string): Promise<string> {
  requireHarmlessName(fileName);
  // "#!" starts a script for any Unix shell or interpreter, whatever it is called.
  if (head[0] === 0x23 && head[1] === 0x21) throw executableRefused(fileName);
  const found = await fileTypeFromBuffer(head);
  if (found && EXECUTABLE_TYPES.has(found.ext)) throw executableRefused(fileName);
  return found?.mime ?? "application/octet-stream";
}
