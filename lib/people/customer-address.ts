/** How the team tells a customer apart: their address, or that they are a visitor without one. */
export const addressOrVisitor = (customer: { email: string | null }) =>
  customer.email ?? "visitor, no confirmed address";
