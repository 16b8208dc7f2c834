import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/domain-error";
import { MAX_MESSAGE_LENGTH } from "./lengths";
import { messageBodyInput, requireBody } from "./message-body";

const TOO_LONG = "A message can be at most 10,000 characters.";

const inputError = (body: string) => {
  const result = messageBodyInput.safeParse(body);
  return result.success ? undefined : result.error.issues[0]?.message;
};

function domainError(body: string) {
  try {
    requireBody(body);
  } catch (error) {
    return error as DomainError;
  }
  return undefined;
}

describe("one message length limit, stated the same everywhere", () => {
  it("counts characters as a person does in both checks: 10,000 emoji are allowed", () => {
    for (const body of ["x".repeat(MAX_MESSAGE_LENGTH), "😀".repeat(MAX_MESSAGE_LENGTH)]) {
      expect(inputError(body)).toBeUndefined();
      expect(domainError(body)).toBeUndefined();
    }
  });

  it("refuses one character more, through the actions' schema and through the domain, saying 10,000", () => {
    for (const body of ["x".repeat(MAX_MESSAGE_LENGTH + 1), "😀".repeat(MAX_MESSAGE_LENGTH + 1)]) {
      expect(inputError(body)).toBe(TOO_LONG);
      const error = domainError(body);
      expect(error).toBeInstanceOf(DomainError);
      expect(error?.code).toBe("invalid_body");
      expect(error?.message).toBe(TOO_LONG);
    }
  });
});
