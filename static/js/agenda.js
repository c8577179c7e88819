// After moving an agenda item, keep the keyboard where it was: on the same button of that item.
// This runs once the page has loaded, after the success banner has taken focus.
const params = new URLSearchParams(window.location.search);
const moved = params.get("moved");
const direction = params.get("dir");

function refocus() {
  const item = document.getElementById(`item-${moved}`);
  const button = item && item.querySelector(`[data-move="${direction}"]:not([disabled])`);
  (button || item)?.focus();
}

if (moved) {
  if (document.readyState === "complete") refocus();
  else window.addEventListener("load", refocus);
}
