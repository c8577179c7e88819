// GOV.UK Frontend components, and nothing inline: the Content Security Policy forbids it.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A part of the page htmx swaps in (a form sent back with its errors, say) gets its components
// too: an error summary there takes the focus, as it does on a full page.
document.addEventListener("htmx:load", (event) => {
  if (event.detail.elt !== document.body) initAll({ scope: event.detail.elt });
});
