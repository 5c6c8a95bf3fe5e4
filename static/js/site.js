// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // The one htmx focus handler: when htmx swaps an element marked data-focus-after-swap
  // (innerHTML or outerHTML), focus moves to its new content once it has settled, so that
  // screen readers announce the result. Mark the swapped element (hx-target), not the trigger.
  var focusAfterSettle = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    focusAfterSettle = target && target.hasAttribute("data-focus-after-swap") ? target : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var target = focusAfterSettle;
    focusAfterSettle = null;
    if (!target) { return; }
    // An outerHTML swap replaced the element: its successor has the same id.
    var element = target.isConnected ? target : target.id && document.getElementById(target.id);
    if (element) {
      element.setAttribute("tabindex", "-1");
      element.focus();
    }
  });
})();
