/* copress resource guide: filter the entries by audience, stage, topic and cost, and by words.
   Choices within one group combine with OR, groups with AND. Without this script the form stays
   hidden and every entry is shown. No requests: everything is in the page. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  if (!form || !status) { return; }

  // facet (the checkboxes' name) → the entry's data attribute holding its slugs
  var FACETS = { audience: "audiences", stage: "stages", topic: "topics", cost: "cost" };
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-entry]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".filter-group"));
  var search = document.getElementById("f-search");
  var texts = entries.map(function (entry) {
    return entry.textContent.toLowerCase().replace(/\s+/g, " ");
  });

  function chosen(name) {
    var boxes = form.querySelectorAll('input[name="' + name + '"]:checked');
    return Array.prototype.map.call(boxes, function (box) { return box.value; });
  }

  function matches(entry, text, selection, words) {
    for (var name in selection) {
      var wanted = selection[name];
      if (!wanted.length) { continue; }
      var has = (entry.getAttribute("data-" + FACETS[name]) || "").split(" ");
      if (!wanted.some(function (slug) { return has.indexOf(slug) >= 0; })) { return false; }
    }
    return words.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function apply() {
    var selection = {};
    var active = false;
    Object.keys(FACETS).forEach(function (name) {
      selection[name] = chosen(name);
      active = active || selection[name].length > 0;
    });
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    active = active || words.length > 0;

    var visible = {};
    var shown = 0;
    entries.forEach(function (entry, i) {
      var ok = matches(entry, texts[i], selection, words);
      entry.hidden = !ok;
      visible[entry.id.replace(/^resource-/, "")] = ok;
      if (ok) { shown += 1; }
    });
    // Links to an entry (map, stage and topic lists, index) go and come back with it.
    links.forEach(function (link) {
      var item = link.closest("li") || link;
      item.hidden = !visible[link.getAttribute("data-entry")];
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("article.entry:not([hidden]), li:not([hidden]) > a[data-entry]");
    });
    var total = entries.length;
    status.textContent = say(!active ? "all" : shown === 0 ? "none" : "some", { shown: shown, total: total });
  }

  // The sentences are the page's, in its language: data attributes of the status line.
  function say(name, values) {
    return (status.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  var timer = null;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  search.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 250);
  });

  var note = document.querySelector(".no-script-note");
  if (note) { note.hidden = true; }
  form.hidden = false;
})();
