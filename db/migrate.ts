import { connectFromEnv } from "./connect-from-env";

// Opening a connection applies every pending migration (under an advisory lock on Postgres).
const connection = await connectFromEnv();
await connection.close();
console.log("Migrations applied.");
