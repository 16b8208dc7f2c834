import { Link, Section, Text } from "@react-email/components";
import { personDisplayName, workspaceDisplayName } from "./email-names";
import { EmailLayout, muted, Paragraph, PrimaryButton } from "./layout";
import { renderEmail } from "./render-email";

type Line = { authorName: string; body: string; sentAt: Date };

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
function listNames(names: string[]) {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * Who the email is for. A team member gets a link to their notification settings; a customer gets
 * replies "in your conversation with" the workspace, and a button that signs them in to it.
 */
type Audience = { kind: "team"; settingsUrl: string } | { kind: "customer"; unsubscribeUrl: string };

/** One email for every unseen message of one conversation: who wrote, what, and a way back. */
export function unseenMessagesEmail({
  workspaceName: rawWorkspaceName,
  conversationUrl,
  audience,
  messages: rawMessages,
}: {
  workspaceName: string;
  conversationUrl: string;
  audience: Audience;
  messages: Line[];
}) {
  const workspaceName = workspaceDisplayName(rawWorkspaceName);
  // Names go into the subject and over each message; bodies are the messages themselves, as written.
  const messages = rawMessages.map((line) => ({ ...line, authorName: personDisplayName(line.authorName) }));
  const senders = listNames([...new Set(messages.map((line) => line.authorName))]);
  const noun = audience.kind === "team" ? "message" : "reply";
  const subject =
    messages.length === 1
      ? `New ${noun} from ${senders}`
      : `${messages.length} new ${noun === "reply" ? "replies" : "messages"} from ${senders}`;
  const where = audience.kind === "team" ? "in" : "in your conversation with";
  const button = audience.kind === "team" ? "Open the conversation" : "View and reply";
  const footer =
    audience.kind === "team"
      ? `You get this because you did not see these messages in ${workspaceName}.`
      : `You get this because you have a conversation with ${workspaceName}. The button signs you in to this conversation; do not forward this email.`;
  return renderEmail({
    subject,
    text: [
      `${subject} ${where} ${workspaceName}:`,
      "",
      ...messages.map((line) => `${line.authorName}:\n${line.body}\n`),
      `${button}: ${conversationUrl}`,
      "",
      audience.kind === "team"
        ? `Notification settings: ${audience.settingsUrl}`
        : `${footer}\nUnsubscribe: ${audience.unsubscribeUrl}`,
    ].join("\n"),
    body: (
      <EmailLayout
        preview={messages[0]?.body.slice(0, 120) ?? subject}
        footer={
          <Text style={muted}>
            {footer}{" "}
            <Link
              href={audience.kind === "team" ? audience.settingsUrl : audience.unsubscribeUrl}
              style={{ color: "#6b7280", textDecoration: "underline" }}
            >
              {audience.kind === "team" ? "Notification settings" : "Unsubscribe"}
            </Link>
          </Text>
        }
      >
        <Paragraph>
          {subject} {where} <strong>{workspaceName}</strong>
        </Paragraph>
        {/* Plain <p> rather than React Email's <Text> for the repeated lines: the same output in
            every client with an explicit margin, and a third of the rendering time per email. */}
        {messages.map((line, index) => (
          <Section
            // Messages are listed once each, in order; nothing reorders them.
            // biome-ignore lint/suspicious/noArrayIndexKey: a static list rendered once
            key={index}
            style={{
              margin: "0 0 12px",
              padding: "10px 12px",
              borderLeft: "3px solid #c7d2fe",
              backgroundColor: "#f8fafc",
            }}
          >
            {line.authorName !== messages[index - 1]?.authorName && (
              <p style={{ fontWeight: 600, fontSize: "14px", lineHeight: "20px", margin: "0 0 4px" }}>
                {line.authorName}
              </p>
            )}
            <p style={{ fontSize: "15px", lineHeight: "22px", margin: 0, whiteSpace: "pre-wrap" }}>
              {line.body}
            </p>
          </Section>
        ))}
        <Section style={{ margin: "20px 0 0" }}>
          <PrimaryButton href={conversationUrl}>{button}</PrimaryButton>
        </Section>
      </EmailLayout>
    ),
  });
}
