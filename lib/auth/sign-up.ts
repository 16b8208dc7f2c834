import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";
import { hashPassword } from "./password";

export const signUpInput = z.object({
  workspaceName: z.string().trim().min(2, "Name your workspace (at least 2 characters).").max(80),
  name: z.string().trim().min(1, "Enter your name.").max(80),
  email: z.email("Enter a valid email address.").trim().toLowerCase(),
  password: z.string().min(10, "Use at least 10 characters for your password.").max(200),
});

/** Creates a workspace and its first admin, in one transaction. */
export async function signUp(db: Db, input: z.output<typeof signUpInput>) {
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (taken) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  const slug = await freeSlug(db, slugify(input.workspaceName));
  try {
    return await db.transaction(async (tx) => {
      const [workspace] = await tx.insert(workspaces).values({ name: input.workspaceName, slug }).returning();
      if (!workspace) throw new Error("insert returned no workspace");
      const [user] = await tx
        .insert(users)
        .values({
          workspaceId: workspace.id,
          name: input.name,
          email: input.email,
          role: "admin",
          passwordHash,
        })
        .returning({ id: users.id });
      if (!user) throw new Error("insert returned no user");
      return { workspaceId: workspace.id, userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(); // the same email signed up twice at once
    throw error;
  }
}

/** The slug itself when free, else the slug with a short random suffix. */
async function freeSlug(db: Db, base: string) {
  const [clash] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, base));
  return clash ? `${base}-${randomBytes(3).toString("hex")}` : base;
}

const emailTaken = () =>
  new DomainError("email_taken", "An account with this email already exists. Sign in instead.");

function slugify(name: string) {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "workspace"
  );
}
