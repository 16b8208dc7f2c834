import { Text } from "@react-email/components";
import { workspaceDisplayName } from "./email-names";
import { EmailLayout, muted, Paragraph, PrimaryButton } from "./layout";
import { renderEmail } from "./render-email";

const NOTE = "If you did not sign up, ignore this email: nothing is created until the link is used.";

/** Confirms a sign-up: the workspace is created when its owner opens this and presses the button. */
export function confirmSignUpEmail(input: { url: string; workspaceName: string }) {
  const { url } = input;
  const workspaceName = workspaceDisplayName(input.workspaceName);
  return renderEmail({
    subject: `Confirm your email to create ${workspaceName}`,
    text: `Confirm your email address to create ${workspaceName}:\n${url}\n\nThe link works once and expires in 30 minutes. ${NOTE}`,
    body: (
      <EmailLayout preview={`Create ${workspaceName}`} footer={<Text style={muted}>{NOTE}</Text>}>
        <Paragraph>
          Confirm your email address to create <strong>{workspaceName}</strong>.
        </Paragraph>
        <PrimaryButton href={url}>Confirm and create the workspace</PrimaryButton>
        <Text style={{ ...muted, margin: "16px 0 0", wordBreak: "break-all" }}>
          Or paste this address into your browser: {url}
        </Text>
      </EmailLayout>
    ),
  });
}

/** The answer to a sign-up with an address that already has an account: only its owner learns it. */
export function accountExistsEmail({ signInUrl }: { signInUrl: string }) {
  const note = "If you did not try to sign up, ignore this email: nothing has changed.";
  return renderEmail({
    subject: "You already have an account",
    text: `Someone tried to sign up with this address, which already has an account.\nSign in: ${signInUrl}\n\n${note}`,
    body: (
      <EmailLayout preview="You already have an account" footer={<Text style={muted}>{note}</Text>}>
        <Paragraph>Someone tried to sign up with this address, which already has an account.</Paragraph>
        <PrimaryButton href={signInUrl}>Sign in</PrimaryButton>
      </EmailLayout>
    ),
  });
}
