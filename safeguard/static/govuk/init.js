// Starts GOV.UK Frontend's JavaScript components.
// Loaded as <script type="module">: the Content-Security-Policy allows only
// same-origin scripts, so there is no inline bootstrap script. Browsers that
// run module scripts are the ones GOV.UK Frontend supports, so this module is
// also where the `govuk-frontend-supported` body class is added.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
