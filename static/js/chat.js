// Progressive enhancement of the chat: without this script the forms post and the
// server renders the whole page; with it, each answer is fetched as an HTML fragment
// and appended, and the conversation token travels on in the hidden fields.
(function () {
  "use strict";
  var transcript = document.getElementById("transcript");
  var mainForm = document.getElementById("chat-form");
  if (!transcript || !mainForm || !window.fetch) { return; }

  function setToken(token) {
    document.querySelectorAll('input[name="conversation"]').forEach(function (input) {
      input.value = token;
    });
  }

  // The page's one live region reads each answer's sentence (not its cards).
  var status = document.getElementById("chat-status");
  function announce(answer) {
    if (status && answer) { status.textContent = answer.textContent; }
  }

  function appendUserMessage(text) {
    var p = document.createElement("p");
    p.className = "user-message";
    p.textContent = text;
    transcript.appendChild(p);
  }

  function send(form, message) {
    var data = new FormData(form);
    data.set("message", message);
    appendUserMessage(message);
    mainForm.setAttribute("aria-busy", "true");
    return fetch(form.action, {
      method: "POST",
      body: data,
      headers: { "X-Lotse-Fragment": "1" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.text().then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var turn = holder.querySelector(".turn");
        if (!response.ok || !turn) {
          var error = holder.querySelector(".error-message");
          var p = document.createElement("p");
          p.className = "bot-answer error-message";
          p.textContent = error ? error.textContent : "Das hat nicht geklappt. Bitte erneut versuchen.";
          transcript.appendChild(p);
          announce(p);
          return;
        }
        setToken(turn.getAttribute("data-conversation"));
        transcript.appendChild(turn);
        announce(turn.querySelector(".bot-answer"));
        // Focus the answer's heading (not the input: on a phone that scrolls past the
        // answer and opens the keyboard); the input stays one Tab away.
        var heading = turn.querySelector(".turn-title");
        heading.focus({ preventScroll: true });
        turn.scrollIntoView({ block: "start", behavior: "smooth" });
      });
    }).catch(function () {
      var p = document.createElement("p");
      p.className = "bot-answer error-message";
      p.textContent = "Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung.";
      transcript.appendChild(p);
      announce(p);
    }).finally(function () {
      mainForm.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("chat-form")) { return; }
    event.preventDefault();
    var message;
    if (form === mainForm) {
      var input = form.querySelector('input[name="message"]');
      message = input.value.trim();
      if (!message) { return; }
      input.value = "";
    } else {
      var button = event.submitter || form.querySelector("button");
      message = button.value;
    }
    send(form, message);
  });
})();
