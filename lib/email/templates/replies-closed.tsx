import { Text } from "@react-email/components";
import { plainText } from "@/lib/plain-text";
import { EmailLayout, muted, Paragraph, PrimaryButton } from "./layout";
import { renderEmail } from "./render-email";

const NOTE = "Your reply was not posted. This is the only such note you get today.";

/**
 * The answer to a reply sent to an address that no longer takes replies (one past its time, or a
 * deactivated member's): what happened, and where to write instead, when there is somewhere.
 */
export function repliesClosedEmail({ subject, openUrl }: { subject: string; openUrl: string | null }) {
  const line = openUrl
    ? "This address no longer accepts replies; open the conversation instead."
    : "This address no longer accepts replies.";
  const title = plainText(subject).replace(/^(re:\s*)+/i, "");
  return renderEmail({
    subject: `Re: ${title}`,
    text: [line, ...(openUrl ? [`Open the conversation: ${openUrl}`] : []), "", NOTE].join("\n"),
    body: (
      <EmailLayout preview={line} footer={<Text style={muted}>{NOTE}</Text>}>
        <Paragraph>{line}</Paragraph>
        {openUrl && <PrimaryButton href={openUrl}>Open the conversation</PrimaryButton>}
      </EmailLayout>
    ),
  });
}
