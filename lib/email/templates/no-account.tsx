import { Text } from "@react-email/components";
import { EmailLayout, muted, Paragraph, PrimaryButton } from "./layout";
import { renderEmail } from "./render-email";

const NOTE = "If you did not ask to sign in, ignore this email: nothing has changed.";

/**
 * The answer to a sign-in link asked for an address without an account. The request does the
 * same work either way, so its answer and timing say nothing; only the inbox's owner learns which.
 */
export function noAccountEmail({ signUpUrl }: { signUpUrl: string }) {
  return renderEmail({
    subject: "No account uses this address",
    text: `Someone asked for a sign-in link for this address, but no account uses it.\nTo create a workspace: ${signUpUrl}\n\n${NOTE}`,
    body: (
      <EmailLayout preview="No account uses this address" footer={<Text style={muted}>{NOTE}</Text>}>
        <Paragraph>Someone asked for a sign-in link for this address, but no account uses it.</Paragraph>
        <PrimaryButton href={signUpUrl}>Create a workspace</PrimaryButton>
      </EmailLayout>
    ),
  });
}
