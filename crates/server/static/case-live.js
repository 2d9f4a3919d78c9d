// New activity on an open case page, as it happens: the server says when the case changed
// (server-sent events) and the list of messages and files is fetched again and replaced, leaving
// any half-written form alone. Without JavaScript, the page shows the same on reload.
(function () {
  "use strict";
  var entries = document.getElementById("case-entries");
  if (!entries || !window.EventSource || !window.DOMParser || !window.fetch) {
    return;
  }
  var source = new EventSource(entries.getAttribute("data-events"));
  source.addEventListener("activity", function () {
    fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("case-entries");
        if (fresh) {
          entries.innerHTML = fresh.innerHTML;
        }
      })
      .catch(function () {
        // A reload shows the same; nothing to do here.
      });
  });
})();
