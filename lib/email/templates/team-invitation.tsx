import { Text } from "@react-email/components";
import { personDisplayName, workspaceDisplayName } from "./email-names";
import { EmailLayout, muted, Paragraph, PrimaryButton } from "./layout";
import { renderEmail } from "./render-email";

const NOTE =
  "The link works once and expires in 7 days. If you do not know this team, ignore this email: nothing happens unless you use the link.";

/** An admin's invitation to join their team: the link opens a page where the invitee picks a name and a password. */
export function teamInvitationEmail(input: { url: string; workspaceName: string; inviterName: string }) {
  const { url } = input;
  const workspaceName = workspaceDisplayName(input.workspaceName);
  const inviterName = personDisplayName(input.inviterName);
  return renderEmail({
    subject: `${inviterName} invited you to join ${workspaceName}`,
    text: `${inviterName} invited you to join ${workspaceName}. Choose your name and a password here:\n${url}\n\n${NOTE}`,
    body: (
      <EmailLayout preview={`Join ${workspaceName}`} footer={<Text style={muted}>{NOTE}</Text>}>
        <Paragraph>
          {inviterName} invited you to join <strong>{workspaceName}</strong>.
        </Paragraph>
        <PrimaryButton href={url}>Accept the invitation</PrimaryButton>
        <Text style={{ ...muted, margin: "16px 0 0", wordBreak: "break-all" }}>
          Or paste this address into your browser: {url}
        </Text>
      </EmailLayout>
    ),
  });
}
