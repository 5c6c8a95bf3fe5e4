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
  // Content htmx swaps in (an activity after a submission) gets its video buttons too; moving
  // the focus to it is site.js's job (data-focus-after-swap).
  document.addEventListener("htmx:load", function (event) { enable(event.detail.elt || document); });
})();
