// The official OpenAI Node SDK pointed at a Sluice router, with nothing Sluice-specific but the
// base URL: chat completions sticky per `user`, per conversation with the Sluice-Conversation
// header, the Responses API whole and streamed, and feedback named by the answer's own id.
//
//   ./sluice serve &            # the default configuration: the model-bandit experiment
//   cd clients/node && npm install && npm run check
//
// SLUICE_URL (default http://127.0.0.1:8080/v1) and SLUICE_MODEL (default model-bandit) point it
// elsewhere. It exits 1 on the first broken promise.
import OpenAI from "openai";

const baseURL = process.env.SLUICE_URL ?? "http://127.0.0.1:8080/v1";
const model = process.env.SLUICE_MODEL ?? "model-bandit";
const client = new OpenAI({ baseURL, apiKey: "unused-by-sluice", maxRetries: 0 });

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
}

async function armsOf(label, ask) {
  const arms = new Set();
  for (let turn = 0; turn < 3; turn++) {
    const { data, response } = await ask(turn).withResponse();
    check(data.id === response.headers.get("sluice-request-id"), `${label}: the answer's id is the request id`);
    arms.add(response.headers.get("sluice-arm"));
  }
  check(arms.size === 1, `${label}: one arm for every turn, got ${[...arms]}`);
  return [...arms][0];
}

const byUser = {};
for (let u = 0; u < 6; u++) {
  const user = `node-user-${u}-${Date.now()}`;
  byUser[user] = await armsOf(user, (turn) => client.chat.completions.create({
    model, user, messages: [{ role: "user", content: `Where is my order? (turn ${turn})` }],
  }));
}
console.log("sticky per user, no Sluice headers:", byUser);

const byConversation = {};
for (let c = 0; c < 3; c++) {
  const conversation = `node-conversation-${c}-${Date.now()}`;
  byConversation[conversation] = await armsOf(conversation, (turn) => client.chat.completions.create(
    { model, user: "one-user-many-conversations", messages: [{ role: "user", content: `Refund? (turn ${turn})` }] },
    { headers: { "Sluice-Conversation": conversation } }));
}
console.log("sticky per conversation (Sluice-Conversation):", byConversation);

const whole = await client.responses.create({ model, input: "My parcel is damaged. What now?" });
check(whole.id.startsWith("req_") && whole.output_text.length > 0, "responses.create answers with a Sluice id");
console.log(`responses.create: ${whole.id} "${whole.output_text.slice(0, 60)}..."`);

let streamed = "";
let completedId = null;
const stream = await client.responses.create({ model, input: "Can I change my delivery address?", stream: true });
for await (const event of stream) {
  if (event.type === "response.output_text.delta") streamed += event.delta;
  if (event.type === "response.completed") completedId = event.response.id;
}
check(streamed.length > 0 && completedId?.startsWith("req_"), "responses.create streams its typed events");
console.log(`responses.create, streamed: ${completedId} "${streamed.slice(0, 60)}..."`);

const completion = await client.chat.completions.create({
  model, user: "node-feedback", messages: [{ role: "user", content: "Thanks, that helped." }],
});
const feedback = await fetch(new URL("feedback", baseURL.endsWith("/") ? baseURL : baseURL + "/"), {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ request_id: completion.id, signal: "thumbs_up" }),
});
check(feedback.status === 202, `feedback on completion.id accepted, got ${feedback.status}`);
console.log(`feedback on ${completion.id}: ${feedback.status}`);
console.log("all checks passed");
