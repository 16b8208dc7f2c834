/**
 * What a browser does over HTTP, without the browser: signing in with a password (Auth.js's
 * credentials endpoints), and calling a server action by its id, as React's client does.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

/** The cookies a response sets, as one Cookie header with those already held. */
function withSetCookies(cookie: string, response: Response) {
  const jar = new Map(cookie ? cookie.split("; ").map((pair) => pair.split("=", 2) as [string, string]) : []);
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair?.indexOf("=") ?? -1;
    if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/** Signs in with a password; resolves to the session's Cookie header. */
export async function signIn(baseUrl: string, email: string, password: string) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = withSetCookies("", csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/messenger` }),
  });
  const signedIn = withSetCookies(cookie, response);
  if (!/authjs\.session-token=/.test(signedIn))
    throw new Error(`${email} could not sign in (${response.status})`);
  return signedIn;
}

/** A server action's id in this build, by its file and exported name. */
export function actionId(filename: string, exportedName: string) {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(
    ([, action]) => action.filename === filename && action.exportedName === exportedName,
  );
  if (!found) throw new Error(`no server action ${exportedName} in ${filename} in this build`);
  return found[0];
}

/**
 * Calls a server action as React's client does: a POST to a page that uses it, the action's id in
 * a header and its arguments as JSON. Resolves to the action's answer, read from the RSC payload.
 */
export async function callAction(
  baseUrl: string,
  { page, id, cookie, args }: { page: string; id: string; cookie: string; args: unknown[] },
) {
  const response = await fetch(`${baseUrl}${page}`, {
    method: "POST",
    headers: {
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      "next-action": id,
      origin: baseUrl,
      cookie,
    },
    body: JSON.stringify(args),
  });
  const payload = await response.text();
  if (!response.ok) throw new Error(`action answered ${response.status}: ${payload.slice(0, 200)}`);
  // The payload's rows are `<id>:<json>`; the action's answer is row 1.
  const answer = /^1:(.*)$/m.exec(payload)?.[1];
  if (!answer) throw new Error(`no answer in the action's payload: ${payload.slice(0, 200)}`);
  return JSON.parse(answer) as unknown;
}
