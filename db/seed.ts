import { connectFromEnv } from "./connect-from-env";
import { demo, seedDemo } from "./seed-demo";

const connection = await connectFromEnv();
await seedDemo(connection.db);
await connection.close();
console.log(`Demo workspace "${demo.workspace.name}" is ready: ${demo.team.map((m) => m.email).join(", ")}.`);
