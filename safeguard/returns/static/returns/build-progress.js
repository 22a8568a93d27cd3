// The build page's progress bar: polls the build's JSON status and moves the bar; once the build has finished,
// loads the page again to show the files and findings (or the reason it failed).
// Without JavaScript the page refreshes itself instead (a <meta refresh> inside <noscript>).
const POLL_MILLISECONDS = 1000;

const panel = document.getElementById("build-progress");

function describe(status) {
  if (status.status === "queued") return status.step || "Waiting to start"; // the reason it waits, if any
  if (status.total > 0) return `Step ${status.done} of ${status.total}: ${status.step}`;
  return "Starting";
}

function show(status) {
  const bar = document.getElementById("build-progress-bar");
  if (status.total > 0) {
    bar.max = status.total;
    bar.value = status.done;
  }
  bar.textContent = `${status.percent}%`;
  const text = document.getElementById("build-progress-text");
  const description = describe(status);
  if (text.textContent !== description) text.textContent = description; // aria-live: announce changes only
  const tag = document.getElementById("build-status");
  if (tag) tag.textContent = status.status_text;
}

async function poll() {
  try {
    const response = await fetch(panel.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const status = await response.json();
      if (status.finished) {
        window.location.assign(status.url);
        return;
      }
      show(status);
    }
  } catch {
    // A restarting server or a dropped connection: keep polling.
  }
  window.setTimeout(poll, POLL_MILLISECONDS);
}

if (panel) window.setTimeout(poll, POLL_MILLISECONDS);
