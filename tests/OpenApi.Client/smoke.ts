// A smoke run of a client generated from the silo's OpenAPI document: node dist/smoke.js <base address> <namespace>.
// It type-checks against the generated types (a parameter the document did not declare would not compile) and
// exits non-zero, saying which step failed, if the silo answers otherwise than the document says.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/threads.js";

type Role = components["schemas"]["MessageRole"];
type ProblemCode = components["schemas"]["Problem"]["code"];

const [baseUrl, ns] = process.argv.slice(2);
if (!baseUrl || !ns) {
  throw new Error("usage: node dist/smoke.js <base address> <namespace>");
}

const client = createClient<paths>({ baseUrl });

function check(condition: boolean, step: string): asserts condition {
  if (!condition) {
    throw new Error(`smoke: ${step}`);
  }
  console.log(`ok ${step}`);
}

// Create.
const created = await client.POST("/v1/namespaces/{ns}/threads", {
  params: { path: { ns } },
  body: { resourceId: "smoke", title: "Smoke test", metadata: { from: "typescript" } },
});
check(created.response.status === 201 && created.data !== undefined, "create answers 201 with the thread");
const id = created.data.id;

// Append with an idempotency key, twice: the second is a replay.
const append = {
  params: { path: { ns, id }, header: { "Idempotency-Key": `smoke-${id}` } },
  body: {
    messages: [
      { role: "system" as Role, content: "You are terse." },
      { role: "user" as Role, content: [{ type: "text" as const, text: "My name is Guille" }] },
      { role: "assistant" as Role, content: [{ type: "tool_call" as const, callId: "c1", name: "remember", arguments: { name: "Guille" } }] },
    ],
  },
};
const appended = await client.POST("/v1/namespaces/{ns}/threads/{id}/messages", append);
check(appended.response.status === 201 && appended.data?.lastSeq === 3, "append stores three messages");
const replayed = await client.POST("/v1/namespaces/{ns}/threads/{id}/messages", append);
check(
  replayed.response.status === 201 && replayed.data?.lastSeq === 3 && replayed.response.headers.get("Idempotent-Replayed") === "true",
  "the same append with the same key is a replay",
);

// History, newest first, two at a time.
const first = await client.GET("/v1/namespaces/{ns}/threads/{id}/messages", {
  params: { path: { ns, id }, query: { limit: 2, order: "desc" } },
});
check(first.data?.messages.map((m) => m.seq).join() === "3,2" && first.data.nextCursor !== undefined, "history's first page, newest first");
const second = await client.GET("/v1/namespaces/{ns}/threads/{id}/messages", {
  params: { path: { ns, id }, query: { limit: 2, cursor: first.data.nextCursor } },
});
check(second.data?.messages.map((m) => m.seq).join() === "1" && second.data.nextCursor === undefined, "history's last page, by the cursor");
const role: Role = first.data.messages[1]!.role;
check(role === "user", "a message's role is one of the roles");
const part = first.data.messages[0]!.content[0]!;
check(part.type === "tool_call" && part.name === "remember", "a content part is told apart by its type");

// A thread that does not exist is a typed problem.
const missing = await client.GET("/v1/namespaces/{ns}/threads/{id}", { params: { path: { ns, id: "no-such-thread" } } });
const code: ProblemCode | undefined = missing.error?.code;
check(missing.response.status === 404 && code === "not_found", "a missing thread is a 404 problem not_found");
check(missing.response.headers.get("Content-Type") === "application/problem+json", "a problem is application/problem+json");

// A file up and back down.
const notes = "Guille likes short answers.\n";
const put = await client.PUT("/v1/namespaces/{ns}/threads/{id}/files/{filename}", {
  params: { path: { ns, id, filename: "notes.txt" } },
  body: notes,
  bodySerializer: (body) => body,
  headers: { "Content-Type": "text/plain" },
});
check(put.response.status === 201 && put.data?.bytes === notes.length && put.data.mediaType === "text/plain", "a file is written with its media type");
const download = await client.GET("/v1/namespaces/{ns}/threads/{id}/files/{filename}", {
  params: { path: { ns, id, filename: "notes.txt" } },
  parseAs: "text",
});
check(download.data === notes && download.response.headers.get("Content-Type") === "text/plain", "the file reads back with its media type");

// The event stream from its start: its first event is the thread's creation.
const abort = new AbortController();
const stream = await client.GET("/v1/namespaces/{ns}/threads/{id}/events", {
  params: { path: { ns, id }, header: { "Last-Event-ID": 0 } },
  parseAs: "stream",
  // Bounded: a stream that never sends a whole frame fails the scenario in half a minute, not at the test host's hang timeout.
  signal: AbortSignal.any([abort.signal, AbortSignal.timeout(30_000)]),
});
check(stream.response.headers.get("Content-Type") === "text/event-stream", "the events are a text/event-stream");
const reader = stream.response.body!.pipeThrough(new TextDecoderStream()).getReader();
let text = "";
// A frame ends at a blank line; its fields (event, data, id) come in any order.
const frameWithData = /(?:^|\n\n)(?:[^\n]+\n)*data: [^\n]*\n(?:[^\n]+\n)*\n/;
while (!frameWithData.test(text)) {
  const chunk = await reader.read();
  if (chunk.done) {
    break;
  }
  text += chunk.value;
}
abort.abort();
const data = /^data: (.*)$/m.exec(text)?.[1];
const event = data === undefined ? undefined : (JSON.parse(data) as components["schemas"]["ThreadEvent"]);
check(event?.type === "thread_created" && event.threadId === id && /^event: thread_created$/m.test(text), "the stream's first event is thread_created");
