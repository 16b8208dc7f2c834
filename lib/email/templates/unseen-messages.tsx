import { Heading, Link, Section, Text } from "@react-email/components";
import { joinNames } from "@/lib/conversations/join-names";
import { plainText } from "@/lib/plain-text";
import { personDisplayName, workspaceDisplayName } from "./email-names";
import { EmailLayout, muted, Paragraph, PrimaryButton } from "./layout";
import { renderEmail } from "./render-email";

/** A file sent with a message: its name, and an absolute link to the download route. */
type FileLink = { name: string; url: string };

type Line = { authorName: string; body: string; sentAt: Date; attachments?: FileLink[] };

/**
 * Who the email is for. A team member gets a link to their notification settings; a customer gets
 * replies "in your conversation with" the workspace, and a button that signs them in to it. Both
 * get a one-click unsubscribe link (lib/notifications/unsubscribe-links.ts).
 */
type Audience =
  | { kind: "team"; settingsUrl: string; unsubscribeUrl: string }
  | { kind: "customer"; unsubscribeUrl: string };

/** The ticket or task whose thread it is: its emails are named after it. */
type ItemLabel = { kind: "ticket" | "task"; number: number; title: string };

/**
 * One email for every unseen message of one thread: who wrote, what, and a way back. About an
 * item, the subject is "[#123] Its title", and about a conversation with a subject, that subject,
 * also as the email's heading: the same subject every time, so its emails thread in every mail
 * client, and two conversations with the same people are told apart in the inbox.
 */
export function unseenMessagesEmail({
  workspaceName: rawWorkspaceName,
  conversationUrl,
  audience,
  messages: rawMessages,
  item,
  subject: conversationSubject,
  repliesByEmail = false,
}: {
  workspaceName: string;
  conversationUrl: string;
  audience: Audience;
  messages: Line[];
  item?: ItemLabel | null;
  /** The conversation's subject, if it has one (an item's thread is named after the item). */
  subject?: string | null;
  /** The email names a reply address (lib/inbound/reply-address.ts): say that a reply lands in the thread. */
  repliesByEmail?: boolean;
}) {
  const workspaceName = workspaceDisplayName(rawWorkspaceName);
  // Names go into the subject and over each message; bodies are the messages themselves, as written.
  const messages = rawMessages.map((line) => ({ ...line, authorName: personDisplayName(line.authorName) }));
  const senders = joinNames([...new Set(messages.map((line) => line.authorName))]);
  const noun = audience.kind === "team" ? "message" : "reply";
  const news =
    messages.length === 1
      ? `New ${noun} from ${senders}`
      : `${messages.length} new ${noun === "reply" ? "replies" : "messages"} from ${senders}`;
  // A title or subject is stored as plain text; cleaned again here, as it becomes a header.
  const title = item ? plainText(item.title) : "";
  const heading = item ? "" : plainText(conversationSubject ?? "");
  const subject = item ? `[#${item.number}] ${title}` : heading || news;
  const where = item
    ? `${audience.kind === "team" ? `on ${item.kind}` : "on your ticket"} #${item.number} “${title}” ${audience.kind === "team" ? "in" : "with"}`
    : audience.kind === "team"
      ? "in"
      : "in your conversation with";
  const button =
    audience.kind === "customer"
      ? "View and reply"
      : item
        ? `Open the ${item.kind}`
        : "Open the conversation";
  const replyHint = repliesByEmail
    ? `Reply to this email, or open the ${item ? item.kind : "conversation"}.`
    : null;
  const footer =
    audience.kind === "team"
      ? `You get this because you did not see these messages in ${workspaceName}.`
      : `You get this because you have a conversation with ${workspaceName}. The button signs you in to this conversation; do not forward this email.`;
  return renderEmail({
    subject,
    text: [
      ...(heading ? [heading, ""] : []),
      `${news} ${where} ${workspaceName}:`,
      "",
      ...messages.map(
        (line) =>
          `${line.authorName}:\n${[line.body, ...(line.attachments ?? []).map((file) => `${file.name}: ${file.url}`)].filter(Boolean).join("\n")}\n`,
      ),
      ...(replyHint ? [replyHint] : []),
      `${button}: ${conversationUrl}`,
      "",
      footer,
      ...(audience.kind === "team" ? [`Notification settings: ${audience.settingsUrl}`] : []),
      `Unsubscribe: ${audience.unsubscribeUrl}`,
    ].join("\n"),
    body: (
      <EmailLayout
        preview={messages[0]?.body.slice(0, 120) ?? subject}
        footer={
          <Text style={muted}>
            {footer}{" "}
            {audience.kind === "team" && (
              <>
                <Link href={audience.settingsUrl} style={footerLink}>
                  Notification settings
                </Link>
                {" · "}
              </>
            )}
            <Link href={audience.unsubscribeUrl} style={footerLink}>
              Unsubscribe
            </Link>
          </Text>
        }
      >
        {heading && (
          <Heading as="h1" style={{ fontSize: "20px", lineHeight: "28px", margin: "0 0 12px" }}>
            {heading}
          </Heading>
        )}
        <Paragraph>
          {news} {where} <strong>{workspaceName}</strong>
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
            {line.body && (
              <p style={{ fontSize: "15px", lineHeight: "22px", margin: 0, whiteSpace: "pre-wrap" }}>
                {line.body}
              </p>
            )}
            {line.attachments?.map((file) => (
              <p key={file.url} style={{ fontSize: "14px", lineHeight: "20px", margin: "6px 0 0" }}>
                📎{" "}
                <Link href={file.url} style={{ color: "#3730a3", textDecoration: "underline" }}>
                  {file.name}
                </Link>
              </p>
            ))}
          </Section>
        ))}
        {replyHint && <Paragraph>{replyHint}</Paragraph>}
        <Section style={{ margin: "20px 0 0" }}>
          <PrimaryButton href={conversationUrl}>{button}</PrimaryButton>
        </Section>
      </EmailLayout>
    ),
  });
}

const footerLink = { color: "#6b7280", textDecoration: "underline" };
