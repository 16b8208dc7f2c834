/**
 * Variables that work only together (S3_, PUSHER_, VAPID_): whether any variable of the group is
 * set, and if so every one of `required` must be, or start-up stops with one line naming the first
 * that is missing.
 */
export function groupIsSet(
  env: Record<string, unknown>,
  prefix: string,
  required: readonly string[],
): boolean {
  const set = Object.entries(env).some(([name, value]) => name.startsWith(prefix) && value !== undefined);
  if (!set) return false;
  const missing = required.find((name) => !env[name]);
  if (missing)
    throw new Error(`Invalid environment variable ${missing}: required when any ${prefix} variable is set`);
  return true;
}
