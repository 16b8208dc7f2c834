import { describe, expect, it } from "vitest";
import {
  answeringDomainErrors,
  DOMAIN_ERRORS,
  DomainError,
  type DomainErrorCode,
  domainErrorResponse,
  httpStatusOf,
} from "./domain-error";

describe("the domain error table", () => {
  it("gives every code an HTTP error status", () => {
    for (const [code, status] of Object.entries(DOMAIN_ERRORS)) {
      expect(Number.isInteger(status), code).toBe(true);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it("maps codes to their statuses", () => {
    const expected: Partial<Record<DomainErrorCode, number>> = {
      conversation_not_found: 404,
      workspace_not_found: 404,
      forbidden: 403,
      invalid_body: 400,
      invalid_input: 400,
      unauthenticated: 401,
      email_taken: 409,
      internal: 500,
    };
    for (const [code, status] of Object.entries(expected))
      expect(httpStatusOf(code as DomainErrorCode), code).toBe(status);
  });

  it("answers a domain error with its status, code and message", async () => {
    const response = domainErrorResponse(new DomainError("forbidden", "Not yours."));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "forbidden", message: "Not yours." });
  });

  it("lets a route handler throw a domain error, and nothing else is swallowed", async () => {
    const answered = await answeringDomainErrors(async () => {
      throw new DomainError("workspace_not_found", "This chat does not exist.");
    });
    expect(answered.status).toBe(404);
    const ok = await answeringDomainErrors(async () => new Response("fine"));
    expect(ok.status).toBe(200);
    await expect(
      answeringDomainErrors(async () => {
        throw new Error("a bug");
      }),
    ).rejects.toThrow("a bug");
  });
});
