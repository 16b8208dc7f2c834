import { Body, Button, Container, Head, Hr, Html, Text } from "@react-email/components";
import type { ReactNode } from "react";

const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
export const muted = { color: "#6b7280", fontSize: "13px", lineHeight: "20px" } as const;

/** The frame every email shares: a white card on grey, the preview line, and a footer. */
export function EmailLayout({
  preview,
  footer,
  children,
}: {
  preview: string;
  footer: ReactNode;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Body style={{ backgroundColor: "#f3f4f6", fontFamily: font, color: "#1f2937", margin: 0 }}>
        {/* The inbox's preview line. React Email's <Preview> pads it with 150 invisible characters
            so that clients do not run on into the body; ours runs on into the messages themselves,
            which is what the reader wants to see, and every email is 3 kB lighter. */}
        <div style={{ display: "none", overflow: "hidden", maxHeight: 0, opacity: 0 }}>{preview}</div>
        <Container
          style={{
            backgroundColor: "#ffffff",
            maxWidth: "560px",
            margin: "24px auto",
            padding: "24px 28px",
            borderRadius: "8px",
          }}
        >
          {children}
          <Hr style={{ borderColor: "#e5e7eb", margin: "24px 0 12px" }} />
          {footer}
        </Container>
      </Body>
    </Html>
  );
}

export function PrimaryButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button
      href={href}
      style={{
        backgroundColor: "#4338ca",
        color: "#ffffff",
        padding: "10px 18px",
        borderRadius: "6px",
        fontWeight: 600,
        fontSize: "14px",
        textDecoration: "none",
      }}
    >
      {children}
    </Button>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "15px", lineHeight: "22px", margin: "0 0 16px" }}>{children}</Text>;
}
