// Courses: load an embedded video only after the learner asks for it (privacy by default).
(function () {
  "use strict";
  function enable(root) {
    root.querySelectorAll("[data-video-embed]").forEach(function (button) {
      button.hidden = false;
      if (button.dataset.videoReady) { return; }
      button.dataset.videoReady = "1";
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        frame.src = button.dataset.videoEmbed;
        frame.title = button.dataset.videoTitle || "Video";
        frame.setAttribute("allow", "fullscreen; picture-in-picture");
        frame.setAttribute("allowfullscreen", "");
        frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        frame.className = "video__frame";
        var placeholder = button.closest("[data-video-placeholder]");
        placeholder.replaceWith(frame);
        frame.focus();
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enable(document); });
  // After an activity was swapped in (outerHTML), move focus to its new version so screen
  // readers announce the result.
  var swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    swappedId = target && target.hasAttribute("data-focus-after-swap") ? target.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!swappedId) { return; }
    var element = document.getElementById(swappedId);
    swappedId = null;
    if (element) {
      element.setAttribute("tabindex", "-1");
      element.focus();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) { enable(event.detail.target || document); });
})();
