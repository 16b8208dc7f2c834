import { Text } from "@react-email/components";
import { workspaceDisplayName } from "./email-names";
import { EmailLayout, muted, Paragraph, PrimaryButton } from "./layout";
import { renderEmail } from "./render-email";

const EXPIRY_NOTE =
  "The link works once and expires in 30 minutes. If you did not ask for it, ignore this email.";

export function signInLinkEmail(input: { url: string; workspaceName: string }) {
  const { url } = input;
  const workspaceName = workspaceDisplayName(input.workspaceName);
  return renderEmail({
    subject: `Your sign-in link for ${workspaceName}`,
    text: `Sign in to ${workspaceName}:\n${url}\n\n${EXPIRY_NOTE}`,
    body: (
      <EmailLayout preview={`Sign in to ${workspaceName}`} footer={<Text style={muted}>{EXPIRY_NOTE}</Text>}>
        <Paragraph>
          Sign in to <strong>{workspaceName}</strong>.
        </Paragraph>
        <PrimaryButton href={url}>Sign in</PrimaryButton>
        <Text style={{ ...muted, margin: "16px 0 0", wordBreak: "break-all" }}>
          Or paste this address into your browser: {url}
        </Text>
      </EmailLayout>
    ),
  });
}

/** To the address a visitor gave on the chat page: nothing else is sent to it until this is used. */
export function visitorConfirmationEmail(input: { url: string; workspaceName: string; hours: number }) {
  const { url, hours } = input;
  const workspaceName = workspaceDisplayName(input.workspaceName);
  const note = `The link works once and expires in ${hours} hours. If you did not chat with ${workspaceName}, ignore this email: nothing more will be sent to you.`;
  return renderEmail({
    subject: `Confirm your email address for ${workspaceName}`,
    text: `Confirm this address to get ${workspaceName}'s replies by email:\n${url}\n\n${note}`,
    body: (
      <EmailLayout
        preview={`Get ${workspaceName}'s replies by email`}
        footer={<Text style={muted}>{note}</Text>}
      >
        <Paragraph>
          Confirm this address to get <strong>{workspaceName}</strong>&apos;s replies by email, and to see
          your conversations on any device.
        </Paragraph>
        <PrimaryButton href={url}>Confirm my email</PrimaryButton>
        <Text style={{ ...muted, margin: "16px 0 0", wordBreak: "break-all" }}>
          Or paste this address into your browser: {url}
        </Text>
      </EmailLayout>
    ),
  });
}
