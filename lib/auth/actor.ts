/** Who is acting. Built by entry points from a verified session, then passed to every domain function. */
export type TeamActor = {
  kind: "user";
  userId: string;
  workspaceId: string;
  name: string;
  role: "admin" | "member";
};

export type Actor = TeamActor;
