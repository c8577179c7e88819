// GOV.UK Frontend components, and nothing inline: the Content Security Policy forbids it.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A stacked table's cells are headed by their column's name on a narrow screen (see
// _tables.scss); cells that do not name their column in the template take it from its header.
function labelCells(root) {
  for (const table of root.querySelectorAll("table.app-table--stack")) {
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.cells].forEach((cell, index) => {
        if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && names[index]) {
          cell.dataset.label = names[index];
        }
      });
    }
  }
}
labelCells(document);
document.body.addEventListener("htmx:afterSwap", () => labelCells(document));
