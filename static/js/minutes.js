// The minute-taking screen: nothing typed is lost.
//
// htmx sends each item's minutes every few seconds and when the box is left. Everything typed is
// also kept in localStorage until the server confirms it, so a dropped connection or a closed tab
// loses nothing: the text is sent again when the connection returns or the page is opened again.
// A save the server refuses because someone else changed the item shows both texts (server side).

const FORMS = ".app-minutes-form";
const RETRY_MS = 5000;
const WHILE_TYPING_MS = 4000;
const meeting = window.location.pathname;

function key(form) {
  return `minutes-draft:${meeting}:${form.dataset.item}`;
}

function field(form, name) {
  return form.querySelector(`[name="${name}"]`);
}

function snapshot(form) {
  return {
    text: field(form, "minutes_text").value,
    decision: field(form, "decision").value,
    version: field(form, "version").value,
  };
}

function keep(form) {
  localStorage.setItem(key(form), JSON.stringify({ ...snapshot(form), at: Date.now() }));
}

function pending(form) {
  const stored = localStorage.getItem(key(form));
  return stored ? JSON.parse(stored) : null;
}

function forget(form) {
  localStorage.removeItem(key(form));
}

function say(form, message, isError) {
  const status = form.querySelector(".app-save-status");
  if (status) {
    status.textContent = message;
    status.classList.toggle("app-save-status--error", Boolean(isError));
  }
}

function connection(message) {
  const status = document.getElementById("connection-status");
  if (status) status.textContent = message;
}

function resend(form) {
  window.htmx.trigger(form, "minutesResend");
}

function resendPending() {
  document.querySelectorAll(FORMS).forEach((form) => {
    if (pending(form) && form.dataset.offline === "true") resend(form);
  });
}

document.addEventListener("input", (event) => {
  const form = event.target.closest(FORMS);
  if (form) keep(form);
});

document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest(FORMS);
  if (form && event.detail.elt === form) form.dataset.sent = JSON.stringify(snapshot(form));
});

function unreachable(event) {
  const form = event.detail.elt.closest && event.detail.elt.closest(FORMS);
  if (!form) return;
  keep(form);
  form.dataset.offline = "true";
  say(form, "Not saved yet: no connection. Your text is kept in this browser and will be sent when the connection returns.", true);
  connection("The connection to the server was lost. Keep typing: nothing will be lost.");
}

// No answer at all (network down, server stopped), or a gateway's error while the server
// restarts: keep the text and send it again until the server confirms it.
document.addEventListener("htmx:sendError", unreachable);
document.addEventListener("htmx:responseError", (event) => {
  if (event.detail.xhr.status >= 500) unreachable(event);
});

document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches(FORMS) || !event.detail.successful) return;
  const trigger = event.detail.xhr.getResponseHeader("HX-Trigger") || "";
  form.dataset.offline = "false";
  if (!trigger.includes("minutesSaved")) return;
  connection("");
  form.querySelector(".app-save-status")?.classList.remove("app-save-status--error");
  const sent = JSON.parse(form.dataset.sent || "{}");
  const now = snapshot(form);
  if (sent.text === now.text && sent.decision === now.decision) forget(form);
  else keep(form);
});

document.addEventListener("click", (event) => {
  const keepMine = event.target.closest("[data-keep-mine]");
  if (keepMine) {
    const form = keepMine.closest(FORMS);
    field(form, "version").value = keepMine.dataset.keepMine;
    keep(form);
    resend(form);
    return;
  }
  const useTheirs = event.target.closest("[data-use-theirs]");
  if (useTheirs) forget(useTheirs.closest(FORMS));
});

// Alt+S in an item's boxes stamps the time the item started.
document.addEventListener("keydown", (event) => {
  if (!event.altKey || event.key.toLowerCase() !== "s") return;
  const section = event.target.closest(".app-minutes-item");
  const button = section && section.querySelector("[data-stamp]");
  if (!button) return;
  event.preventDefault();
  button.click();
});

window.addEventListener("online", () => {
  connection("Connection restored: sending what you typed.");
  resendPending();
});
window.addEventListener("offline", () => {
  connection("The connection to the server was lost. Keep typing: nothing will be lost.");
});
setInterval(() => {
  if (navigator.onLine) resendPending();
}, RETRY_MS);

// htmx saves two seconds after typing pauses; someone typing without pause is saved every few
// seconds all the same.
setInterval(() => {
  document.querySelectorAll(FORMS).forEach((form) => {
    if (form.dataset.offline === "true" || form.classList.contains("htmx-request")) return;
    const sent = JSON.parse(form.dataset.sent || "null");
    const now = snapshot(form);
    const changed = sent ? sent.text !== now.text || sent.decision !== now.decision : pending(form);
    if (changed) resend(form);
  });
}, WHILE_TYPING_MS);

// Text typed here earlier that the server never confirmed: put it back and send it.
document.querySelectorAll(FORMS).forEach((form) => {
  const draft = pending(form);
  if (!draft) return;
  const now = snapshot(form);
  if (draft.text === now.text && draft.decision === now.decision) {
    forget(form);
    return;
  }
  field(form, "minutes_text").value = draft.text;
  field(form, "decision").value = draft.decision;
  field(form, "version").value = draft.version;
  say(form, "Restored text typed earlier in this browser; sending it now.", false);
  form.dataset.offline = "true";
  window.addEventListener("load", () => resend(form));
});

// The list of items: folded on a phone so the first box is in view. Choosing an item puts the
// cursor in its minutes box; the item being written is marked in the list.
const itemList = document.querySelector("[data-navigator]");
const phone = window.matchMedia("(max-width: 40.0525em)");
if (itemList && phone.matches) itemList.open = false;
let current = null;

function markCurrent() {
  document.querySelectorAll(".app-minutes-nav [aria-current]").forEach((link) => {
    link.removeAttribute("aria-current");
  });
  const link = current && document.getElementById(`nav-${current}`);
  if (!link) return;
  link.setAttribute("aria-current", "location");
  if (!phone.matches) link.scrollIntoView({ block: "nearest" }); // within the list only
}

document.addEventListener("click", (event) => {
  const link = event.target.closest(".app-minutes-nav a[data-item]");
  const box = link && document.getElementById(`item-${link.dataset.item}-text`);
  if (!box) return;
  event.preventDefault();
  if (phone.matches && itemList) itemList.open = false;
  window.history.replaceState(null, "", link.hash);
  box.closest(".app-minutes-item").scrollIntoView({ block: "start" });
  box.focus({ preventScroll: true });
});

document.addEventListener("focusin", (event) => {
  const section = event.target.closest && event.target.closest(".app-minutes-item");
  if (!section || section.id === current) return;
  current = section.id;
  markCurrent();
});
document.addEventListener("htmx:afterSettle", markCurrent);
