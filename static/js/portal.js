/* Progressive enhancement only: every page works the same without this file.
   - The error summary (or the "not found" notice) takes focus, so it is read out first.
   - Links in the error summary move focus to their field, not just the scroll position.
   - Tracking numbers get a "Copy" button; its words come from data- attributes that the
     template translated. */
(function () {
  "use strict";

  var summary = document.querySelector(".error-summary, .notice[role='alert']");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.hash.slice(1));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });

  // The clipboard API exists only on HTTPS (and localhost); without it, no button at all.
  if (!navigator.clipboard || !window.isSecureContext) return;

  document.querySelectorAll("[data-copy]").forEach(function (code) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    var timer;
    button.type = "button";
    button.className = "copy-button";
    button.textContent = code.getAttribute("data-copy");
    button.setAttribute("aria-label", code.getAttribute("data-copy-name"));
    status.className = "copy-status";
    status.setAttribute("role", "status");
    code.after(button, status);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent.trim()).then(function () {
        status.textContent = code.getAttribute("data-copied");
        clearTimeout(timer);
        timer = setTimeout(function () { status.textContent = ""; }, 5000);
      }, function () {
        // Refused (permissions): select the number so the shopper can copy it by hand.
        window.getSelection().selectAllChildren(code);
      });
    });
  });
})();
