// Small enhancements for Trustbridge. Every page works without this file.
(function () {
  "use strict";

  // Move focus to what just changed (a problem list, crisis support, a confirmation),
  // so people using a screen reader or keyboard land on it.
  function focusFirst(root) {
    var target = root.querySelector("[data-focus]");
    if (target) {
      target.focus();
    }
  }

  // Self-empathy: show one step at a time, with a button to move on.
  function setupSteps(root) {
    root.querySelectorAll("[data-steps]").forEach(function (box) {
      if (box.hasAttribute("data-steps-open") || box.dataset.ready) {
        return;
      }
      box.dataset.ready = "1";
      var steps = box.querySelectorAll("[data-step]");
      steps.forEach(function (step, i) {
        if (i > 0) {
          step.hidden = true;
        }
        if (i === steps.length - 1) {
          return;
        }
        var next = steps[i + 1];
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary next-step";
        button.textContent = "Next: " + next.getAttribute("data-step");
        button.addEventListener("click", function () {
          next.hidden = false;
          button.hidden = true;
          var box = next.querySelector("textarea, input");
          if (box) {
            box.focus();
          }
        });
        step.appendChild(button);
      });
    });
  }

  function clock(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // Mindful pause: a breathing timer that logs the pause when it ends.
  function setupPause(root) {
    var box = root.querySelector("[data-pause]");
    if (!box || box.dataset.ready) {
      return;
    }
    box.dataset.ready = "1";
    box.hidden = false;
    var section = box.closest(".pause");
    var start = box.querySelector("[data-start]");
    var stop = box.querySelector("[data-stop]");
    var left = box.querySelector("[data-left]");
    var cue = box.querySelector("[data-cue]");
    var status = box.querySelector("[data-status]");
    var radios = box.querySelectorAll("input[name=minutes]");
    var log = section.querySelector("[data-pause-log]");
    var ticker = null;
    var cueTimer = null;
    var began = 0;
    var planned = 0;

    function chosen() {
      var picked = box.querySelector("input[name=minutes]:checked");
      return (picked ? Number(picked.value) : 3) * 60;
    }
    function breathe(out) {
      cue.textContent = out ? "Breathe out slowly" : "Breathe in";
      cueTimer = window.setTimeout(function () { breathe(!out); }, out ? 6000 : 4000);
    }
    function finish(seconds, complete) {
      window.clearInterval(ticker);
      window.clearTimeout(cueTimer);
      ticker = null;
      section.classList.remove("is-running");
      start.hidden = false;
      stop.hidden = true;
      radios.forEach(function (r) { r.disabled = false; });
      if (seconds < 10) {
        cue.textContent = "Press Start when you are ready";
        left.textContent = clock(chosen());
        start.focus();
        return;
      }
      log.querySelector("input[name=seconds]").value = String(seconds);
      if (complete) {
        cue.textContent = "Well done. Saving your pause…";
        status.textContent = "The pause is over. Saving it now.";
        if (log.requestSubmit) {
          log.requestSubmit();
        } else {
          log.submit();
        }
        return;
      }
      cue.textContent = "Stopped. That is completely fine.";
      log.querySelector("[data-log-text]").textContent = "You paused for " + clock(seconds) + ".";
      log.hidden = false;
      log.querySelector("button").focus();
    }

    left.textContent = clock(chosen());
    radios.forEach(function (r) {
      r.addEventListener("change", function () {
        if (!ticker) {
          left.textContent = clock(chosen());
        }
      });
    });
    start.addEventListener("click", function () {
      planned = chosen();
      began = Date.now();
      log.hidden = true;
      section.classList.add("is-running");
      radios.forEach(function (r) { r.disabled = true; });
      start.hidden = true;
      stop.hidden = false;
      stop.focus();
      var minutes = planned / 60;
      status.textContent = "Pause started for " + minutes + (minutes === 1 ? " minute." : " minutes.");
      breathe(false);
      ticker = window.setInterval(function () {
        var rest = Math.max(0, planned - Math.floor((Date.now() - began) / 1000));
        left.textContent = clock(rest);
        if (rest === 0) {
          finish(planned, true);
        }
      }, 250);
    });
    stop.addEventListener("click", function () {
      finish(Math.floor((Date.now() - began) / 1000), false);
    });
  }

  // I-statement builder: show the sentence taking shape as each part is typed. It follows
  // the same rule as the saved sentence: trailing full stops are dropped from each part.
  function part(form, name) {
    var box = form.querySelector("[name=" + name + "]");
    return box ? box.value.trim().replace(/\.+$/, "") : "";
  }
  function setupIStatement(root) {
    root.querySelectorAll("form[data-istatement]").forEach(function (form) {
      if (form.dataset.ready) {
        return;
      }
      form.dataset.ready = "1";
      var out = form.querySelector("[data-istatement-preview]");
      if (!out) {
        return;
      }
      function update() {
        var feel = part(form, "feel");
        var when = part(form, "when");
        var because = part(form, "because");
        var need = part(form, "need");
        if (!feel && !when && !because && !need) {
          out.textContent = out.getAttribute("data-empty");
          out.classList.add("muted");
          return;
        }
        out.classList.remove("muted");
        out.textContent = "I feel " + (feel || "…") + " when " + (when || "…") +
          (because ? " because " + because : "") + ". I need " + (need || "…") + ".";
      }
      form.addEventListener("input", update);
      update();
    });
  }

  // Lock keeps what is being typed. When a form holds text not saved yet, Trustbridge is
  // locked first and that form is then sent as it is: a locked Trustbridge keeps a form sent
  // to it on the unlock page (hidden, unsaved), and after unlocking one click saves it. So
  // Lock still locks at once, and nothing typed is thrown away. Forms with a passphrase are
  // never carried. Without JavaScript the Lock button simply locks.
  var lastTyped = null;
  document.addEventListener("input", function (event) {
    if (event.target.form) {
      lastTyped = event.target.form;
    }
  });
  function typedIn(form) {
    if (form.hasAttribute("data-lock") || form.querySelector("input[type=password]")) {
      return false;
    }
    var shown = form.querySelector("[aria-invalid=true]") !== null;  // sent back, not saved
    return Array.prototype.some.call(form.elements, function (box) {
      var text = box.tagName === "TEXTAREA" ||
        (box.tagName === "INPUT" && /^(text|search|number|date|email|url|tel)$/.test(box.type));
      return text && !box.disabled && box.value.trim() !== "" &&
        (box.value !== box.defaultValue || shown);
    });
  }
  function unsavedForm() {
    if (lastTyped && lastTyped.isConnected && typedIn(lastTyped)) {
      return lastTyped;
    }
    var forms = document.querySelectorAll("main form[method=post]");
    return Array.prototype.find.call(forms, typedIn) || null;
  }
  document.addEventListener("submit", function (event) {
    var lock = event.target;
    if (!lock.hasAttribute("data-lock") || !window.fetch) {
      return;
    }
    var typed = unsavedForm();
    if (!typed) {
      return;
    }
    event.preventDefault();
    var send = HTMLFormElement.prototype.submit;  // a plain post, past HTMX
    window.fetch(lock.action, { method: "POST", credentials: "same-origin", redirect: "manual" })
      .then(function () { send.call(typed); })
      .catch(function () { send.call(lock); });
  }, true);

  function enhance(root) {
    setupSteps(root);
    setupPause(root);
    setupIStatement(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusFirst(document);
  });

  // Let HTMX show a form again with its problems listed (422) and friendly error pages.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 413 || status === 404 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    // After an outerHTML swap the old target is gone; its replacement has the same id.
    var target = event.detail.target;
    if (target && !target.isConnected) {
      target = target.id ? document.getElementById(target.id) : null;
    }
    if (!target) {
      return;
    }
    enhance(target);
    if (target.querySelector("[data-focus]")) {
      focusFirst(target);
    } else if (target.id === "main") {
      target.focus();
    }
  });
})();
