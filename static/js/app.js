// GOV.UK Frontend components, and nothing inline: the Content Security Policy forbids it.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
