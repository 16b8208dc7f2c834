import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { EmailSubscriptionChoice } from "@/components/unsubscribe/email-subscription-choice";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { findSubscriber } from "@/lib/notifications/unsubscribe-links";

export const metadata: Metadata = { title: "Unsubscribe" };

/**
 * Where a notification email's unsubscribe link lands (through its route, one level up). Opening it
 * changes nothing; the button does, and the same link undoes it.
 */
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const subscriber =
    token.length <= 1000
      ? await findSubscriber(await getDb(), { token, secret: getEnv().AUTH_SECRET })
      : null;
  if (!subscriber)
    return (
      <AuthCard title="This link is not valid">
        <p className="text-sm text-slate-700">
          Nothing was changed. Use the Unsubscribe link at the bottom of a recent email.
        </p>
      </AuthCard>
    );
  return (
    <AuthCard title={`Emails from ${subscriber.workspaceName}`}>
      <EmailSubscriptionChoice
        token={token}
        email={subscriber.email}
        team={subscriber.kind === "user"}
        subscribed={subscriber.subscribed}
      />
    </AuthCard>
  );
}
