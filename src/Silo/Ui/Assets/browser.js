// The thread browser's only script: on a thread's newest page, follow the thread's event stream and bring in what
// changed, rendered by the server (escaped there; never built from event data here) so it looks as a reload would.
"use strict";
(() => {
  const layout = document.querySelector("[data-live-events]");
  if (!layout) {
    return;
  }

  const messages = document.getElementById("messages");
  const panels = document.getElementById("panels");
  const status = document.getElementById("live-status");
  let lastSeq = Number(layout.dataset.lastSeq || "0");
  let pulling = null;
  let pullAgain = false;
  let refreshing = null;
  let refreshAgain = false;

  const fetchHtml = async (url) => {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
    return response.ok ? response.text() : null;
  };

  // Appends the messages after the last one shown, page by page until none is left; one pull at a time.
  const pullMessages = () => {
    if (pulling) {
      pullAgain = true;
      return;
    }

    pulling = (async () => {
      do {
        pullAgain = false;
        for (;;) {
          const html = await fetchHtml(`${layout.dataset.liveMessages}?after=${lastSeq}`);
          if (!html) {
            break;
          }

          const template = document.createElement("template");
          template.innerHTML = html;
          const added = [...template.content.querySelectorAll("article.message")]
            .filter((article) => Number(article.dataset.seq) > lastSeq);
          if (added.length === 0) {
            break;
          }

          for (const article of added) {
            messages.appendChild(article);
            lastSeq = Number(article.dataset.seq);
          }

          document.getElementById("no-messages")?.remove();
        }
      } while (pullAgain);
      pulling = null;
    })().catch(() => { pulling = null; });
  };

  // Renders the header, lock, state, files and runs again, keeping which runs are open.
  const refreshPanels = () => {
    if (refreshing) {
      refreshAgain = true;
      return;
    }

    refreshing = (async () => {
      do {
        refreshAgain = false;
        const html = await fetchHtml(layout.dataset.livePanels);
        if (html) {
          const open = new Set([...panels.querySelectorAll("details[open][data-run-id]")].map((d) => d.dataset.runId));
          panels.innerHTML = html;
          for (const details of panels.querySelectorAll("details[data-run-id]")) {
            details.open = open.has(details.dataset.runId);
          }

          document.title = `${document.getElementById("thread-title")?.textContent ?? ""} · Threads`;
        }
      } while (refreshAgain);
      refreshing = null;
    })().catch(() => { refreshing = null; });
  };

  const events = new EventSource(layout.dataset.liveEvents);

  // What happened between the page's rendering and the stream's opening is read once it is open.
  events.addEventListener("open", () => {
    layout.dataset.live = "open";
    pullMessages();
    refreshPanels();
  });
  events.addEventListener("messages_appended", () => {
    pullMessages();
    refreshPanels();
  });
  for (const type of ["state_changed", "thread_updated", "thread_cloned", "lock_acquired", "lock_released", "run_started", "run_checkpoint", "run_ended"]) {
    events.addEventListener(type, refreshPanels);
  }
  events.addEventListener("thread_deleted", () => {
    events.close();
    layout.dataset.live = "deleted";
    status.textContent = "This thread has been deleted.";
    status.hidden = false;
  });
})();
