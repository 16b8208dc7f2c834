"use server";

import { z } from "zod";
import { createItem, createItemFromConversation } from "@/lib/items/create-item";
import { addFollowers, followItem, removeFollower, unfollowItem } from "@/lib/items/followers";
import { ITEM_KINDS, ITEM_STATUSES, MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from "@/lib/items/item-fields";
import { updateItem } from "@/lib/items/update-item";
import { searchCustomers } from "@/lib/people/customers";
import { listActiveTeamMembers } from "@/lib/people/team-members";
import { teamAction } from "@/lib/server-action";

// Titles and descriptions are checked by the domain functions, so every entry point gives the same
// answer; these only bound what reaches them.
const title = z.string().max(MAX_TITLE_LENGTH * 4);
const description = z.string().max(MAX_DESCRIPTION_LENGTH * 2);
const id = z.string().max(100);
const ids = z.array(id).max(50);

export const createItemAction = teamAction(
  z.object({
    kind: z.enum(ITEM_KINDS),
    title,
    description,
    requesterCustomerId: id.nullable(),
    assigneeUserId: id.nullable(),
  }),
  async ({ db, actor }, input) => {
    const item = await createItem(db, { actor, ...input });
    return { number: item.number };
  },
);

export const createItemFromConversationAction = teamAction(
  z.object({ conversationId: id, title }),
  async ({ db, actor }, input) => {
    const item = await createItemFromConversation(db, { actor, ...input });
    return { number: item.number, kind: item.kind };
  },
);

export const updateItemAction = teamAction(
  z.object({
    itemId: id,
    changes: z.object({
      title: title.optional(),
      description: description.optional(),
      status: z.enum(ITEM_STATUSES).optional(),
      assigneeUserId: id.nullable().optional(),
    }),
  }),
  async ({ db, actor }, input) => {
    await updateItem(db, { actor, ...input });
  },
);

export const followItemAction = teamAction(z.object({ itemId: id }), ({ db, actor }, input) =>
  followItem(db, { actor, ...input }),
);

export const unfollowItemAction = teamAction(z.object({ itemId: id }), ({ db, actor }, input) =>
  unfollowItem(db, { actor, ...input }),
);

export const addFollowersAction = teamAction(
  z.object({ itemId: id, userIds: ids, customerIds: ids }),
  ({ db, actor }, input) => addFollowers(db, { actor, ...input }),
);

export const removeFollowerAction = teamAction(
  z.object({
    itemId: id,
    person: z.union([z.object({ userId: id }).strict(), z.object({ customerId: id }).strict()]),
  }),
  ({ db, actor }, input) => removeFollower(db, { actor, ...input }),
);

/** The Requester field's `@` search: the workspace's customers only. */
export const searchCustomersAction = teamAction(
  z.object({ query: z.string().max(100) }),
  ({ db, actor }, input) =>
    searchCustomers(db, { workspaceId: actor.workspaceId, query: input.query, limit: 8 }),
);

/**
 * The Assignee choices of a New ticket or New task dialog, asked for when it opens: the list page
 * would otherwise carry the whole team twice (one per dialog) whether or not anyone opens one.
 */
export const listAssigneesAction = teamAction(z.object({}), async ({ db, actor }) =>
  (await listActiveTeamMembers(db, { actor })).map(({ id, name }) => ({ id, name })),
);
