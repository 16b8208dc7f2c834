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
