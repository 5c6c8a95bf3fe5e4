// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to the main region after an htmx swap that replaced it, for screen readers.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute("data-focus-after-swap")) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });
})();
