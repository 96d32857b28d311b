/*
 * Accessibility fixes for Material's pages, and the glossary tooltips' keyboard behaviour.
 * - the search dialog gets an accessible name;
 * - checklist boxes are named by their item's text;
 * - Escape hides an open glossary definition; a definition near the right edge moves left.
 * No request leaves the page.
 */
(function () {
  "use strict";

  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = document.querySelector(".md-search__input");
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
    }
  }

  function nameCheckboxes() {
    var boxes = document.querySelectorAll(".task-list-item input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.hasAttribute("aria-label")) return;
      var item = box.closest(".task-list-item");
      var text = "";
      Array.prototype.forEach.call(item.childNodes, function (node) {
        if (node.nodeType === 3 || (node.nodeType === 1 && !/^(UL|OL|LABEL)$/.test(node.tagName))) {
          text += node.textContent;
        }
      });
      box.setAttribute("aria-label", text.replace(/\s+/g, " ").trim());
    });
  }

  function placeTip(term) {
    var tip = term.querySelector(".rm-term-tip");
    if (!tip) return;
    tip.style.left = "";
    var box = tip.getBoundingClientRect();
    var room = document.documentElement.clientWidth - 8;
    if (box.right > room) {
      tip.style.left = Math.round(room - box.right) + "px";
    }
  }

  function wireTerms() {
    var terms = document.querySelectorAll(".rm-term");
    Array.prototype.forEach.call(terms, function (term) {
      if (term.dataset.rmWired) return;
      term.dataset.rmWired = "1";
      ["mouseenter", "focusin"].forEach(function (type) {
        term.addEventListener(type, function () {
          term.classList.remove("rm-term--dismissed");
          placeTip(term);
        });
      });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelectorAll(".rm-term:hover, .rm-term:focus-within");
    Array.prototype.forEach.call(open, function (term) {
      term.classList.add("rm-term--dismissed");
    });
  });

  function fix() {
    nameSearchDialog();
    nameCheckboxes();
    wireTerms();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
