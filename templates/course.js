/* copress training course: progress and answers kept in this browser (localStorage) only.
   Nothing is sent anywhere. Without JavaScript, or without storage, every page still works:
   the controls that need storage stay hidden. */
(function () {
  "use strict";
  var store;
  try {
    store = window.localStorage;
    store.setItem("copress-course-test", "1");
    store.removeItem("copress-course-test");
  } catch (err) {
    return; /* storage is off (private mode, blocked): leave the pages as they are */
  }
  /* Storage works: answers will be saved, so the note saying they would not be goes. */
  Array.prototype.forEach.call(document.querySelectorAll(".no-script-note"), function (note) {
    note.hidden = true;
  });
  var course = document.documentElement.getAttribute("data-course") || "course";
  function key(kind, id) { return "copress-course:" + course + ":" + kind + ":" + id; }
  function isDone(id) { return store.getItem(key("done", id)) === "yes"; }
  // The sentences are the page's, in its language: data attributes of the element (or an
  // element around it) that the script writes into.
  function words(el, name, values) {
    var holder = el.closest("[data-" + name + "]");
    var text = holder ? holder.getAttribute("data-" + name) : "";
    return text.replace(/\{(\w+)\}/g, function (all, k) { return values && k in values ? String(values[k]) : all; });
  }

  function showProgress() {
    var items = document.querySelectorAll("[data-status]");
    var done = 0;
    Array.prototype.forEach.call(items, function (el) {
      var finished = isDone(el.getAttribute("data-status"));
      if (finished) { done += 1; }
      el.textContent = finished ? words(el, "done") : "";
      el.parentNode.classList.toggle("is-done", finished);
    });
    var summary = document.querySelector(".progress-summary");
    if (summary && items.length) {
      summary.hidden = false;
      summary.textContent = words(summary, "finished", { done: done, total: items.length });
    }
  }

  var box = document.getElementById("module-done");
  if (box) {
    box.checked = isDone(box.value);
    box.closest("section").hidden = false;
    box.addEventListener("change", function () {
      if (box.checked) { store.setItem(key("done", box.value), "yes"); }
      else { store.removeItem(key("done", box.value)); }
      showProgress();
    });
  }

  var status = document.querySelector(".save-status");
  function say(text) { if (status) { status.textContent = text; } }
  var answers = document.querySelectorAll("textarea[data-answer]");
  Array.prototype.forEach.call(answers, function (area) {
    var k = key("answer", area.getAttribute("data-answer"));
    area.value = store.getItem(k) || "";
    var timer = null;
    function save() {
      if (area.value.trim()) { store.setItem(k, area.value); } else { store.removeItem(k); }
    }
    area.addEventListener("input", function () {
      save(); /* saved at once, so nothing is lost if the page closes */
      clearTimeout(timer);
      timer = setTimeout(function () { say(words(status, "saved")); }, 800);
    });
  });
  var clear = document.querySelector(".clear-answers");
  if (clear && answers.length) {
    clear.parentNode.hidden = false;
    clear.addEventListener("click", function () {
      Array.prototype.forEach.call(answers, function (area) {
        area.value = "";
        store.removeItem(key("answer", area.getAttribute("data-answer")));
      });
      say(words(status, "deleted"));
    });
  }
  showProgress();
}());
