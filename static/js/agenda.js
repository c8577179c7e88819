// After moving an agenda item, keep the keyboard where it was: on the same button of that item.
const params = new URLSearchParams(window.location.search);
const moved = params.get("moved");
const direction = params.get("dir");
if (moved) {
  const item = document.getElementById(`item-${moved}`);
  const button = item && item.querySelector(`[data-move="${direction}"]:not([disabled])`);
  (button || item)?.focus();
}
